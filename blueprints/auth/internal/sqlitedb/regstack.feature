backend=sqlite
admin.sql.go: admin
oauth_signin.sql.go: oauth
