backend=sqlite
admin.sql.go: admin
