# Who may read the API: a Cognito user pool whose users only an administrator creates (no
# self sign-up), a hosted sign-in domain, a resource server with read scopes, and the
# dashboard's public app client (authorization code with PKCE, no secret in the browser).

resource "aws_cognito_user_pool" "this" {
  name                = "${var.name}-users"
  deletion_protection = var.deletion_protection ? "ACTIVE" : "INACTIVE"

  # Users are added by an operator (docs/auth.md): a company's telemetry has no public sign-up.
  admin_create_user_config {
    allow_admin_create_user_only = true
  }

  auto_verified_attributes = ["email"]
  mfa_configuration        = "OPTIONAL"

  software_token_mfa_configuration {
    enabled = true
  }

  password_policy {
    minimum_length                   = 12
    require_lowercase                = true
    require_uppercase                = true
    require_numbers                  = true
    require_symbols                  = false
    temporary_password_validity_days = 7
  }

  account_recovery_setting {
    recovery_mechanism {
      name     = "verified_email"
      priority = 1
    }
  }
}

resource "aws_cognito_user_pool_domain" "this" {
  domain       = var.domain_prefix
  user_pool_id = aws_cognito_user_pool.this.id
}

resource "aws_cognito_resource_server" "this" {
  identifier   = var.resource_server_identifier
  name         = "${var.name}-api"
  user_pool_id = aws_cognito_user_pool.this.id

  dynamic "scope" {
    for_each = var.scopes
    content {
      scope_name        = scope.key
      scope_description = scope.value
    }
  }
}

resource "aws_cognito_user_pool_client" "dashboard" {
  name         = "${var.name}-dashboard"
  user_pool_id = aws_cognito_user_pool.this.id

  # A browser cannot keep a secret: PKCE protects the code instead.
  generate_secret                      = false
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = concat(["openid", "email"], [for name in keys(var.scopes) : "${var.resource_server_identifier}/${name}"])
  supported_identity_providers         = ["COGNITO"]
  callback_urls                        = var.callback_urls
  logout_urls                          = var.callback_urls
  explicit_auth_flows                  = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
  prevent_user_existence_errors        = "ENABLED"
  enable_token_revocation              = true

  access_token_validity  = var.access_token_validity_minutes
  id_token_validity      = var.access_token_validity_minutes
  refresh_token_validity = var.refresh_token_validity_days

  token_validity_units {
    access_token  = "minutes"
    id_token      = "minutes"
    refresh_token = "days"
  }

  # The scopes must exist before a client may be allowed them.
  depends_on = [aws_cognito_resource_server.this]
}

locals {
  domain_base = "https://${aws_cognito_user_pool_domain.this.domain}.auth.${var.region}.amazoncognito.com"
}
