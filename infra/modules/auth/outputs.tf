output "user_pool_id" {
  description = "Id of the user pool (add users with aws cognito-idp admin-create-user --user-pool-id <this>)."
  value       = aws_cognito_user_pool.this.id
}

output "issuer" {
  description = "Issuer (iss) of the pool's tokens, https://cognito-idp.<region>.amazonaws.com/<pool id>: the JWT authorizer's issuer."
  value       = "https://${aws_cognito_user_pool.this.endpoint}"
}

output "client_id" {
  description = "Id of the dashboard's app client: the audience the JWT authorizer accepts (client_id of access tokens)."
  value       = aws_cognito_user_pool_client.dashboard.id
}

output "authorize_url" {
  description = "OAuth 2.0 authorization endpoint of the hosted sign-in domain."
  value       = "${local.domain_base}/oauth2/authorize"
}

output "token_url" {
  description = "OAuth 2.0 token endpoint of the hosted sign-in domain."
  value       = "${local.domain_base}/oauth2/token"
}

output "scopes" {
  description = "Full names of the resource server's scopes (<identifier>/<scope>), by scope name."
  value       = { for name in keys(var.scopes) : name => "${var.resource_server_identifier}/${name}" }
}
