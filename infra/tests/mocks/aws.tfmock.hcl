# Defaults of the mocked AWS provider shared by every terraform test file (mock_provider
# "aws" { source = ".../tests/mocks" }). The provider and the modules validate ARNs and
# policy JSON even when mocked, so each value read elsewhere is a valid one.

mock_data "aws_caller_identity" {
  defaults = { account_id = "123456789012" }
}

mock_data "aws_partition" {
  defaults = { partition = "aws" }
}

mock_data "aws_iam_policy_document" {
  defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
}

mock_resource "aws_s3_bucket" {
  defaults = { arn = "arn:aws:s3:::energy-test-raw-123456789012" }
}

mock_resource "aws_sqs_queue" {
  defaults = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:energy-test-queue"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/energy-test-queue"
  }
}

mock_resource "aws_sns_topic" {
  defaults = { arn = "arn:aws:sns:eu-west-1:123456789012:energy-test-alerts" }
}

mock_resource "aws_dynamodb_table" {
  defaults = { arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/energy-test-table" }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/energy-test" }
}

mock_resource "aws_iam_role" {
  defaults = { arn = "arn:aws:iam::123456789012:role/energy-test" }
}

mock_resource "aws_iam_openid_connect_provider" {
  defaults = { arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }
}

mock_resource "aws_lambda_function" {
  defaults = {
    arn        = "arn:aws:lambda:eu-west-1:123456789012:function:energy-test-function"
    invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:energy-test-function/invocations"
  }
}

mock_resource "aws_apigatewayv2_api" {
  defaults = {
    execution_arn = "arn:aws:execute-api:eu-west-1:123456789012:abc123"
    api_endpoint  = "https://abc123.execute-api.eu-west-1.amazonaws.com"
  }
}
