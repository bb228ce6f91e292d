backend=postgres
admin.sql.go: admin
