backend=postgres
