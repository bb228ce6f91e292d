backend=sqlite
