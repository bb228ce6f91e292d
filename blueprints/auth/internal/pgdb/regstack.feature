backend=postgres
admin.sql.go: admin
oauth_signin.sql.go: oauth
