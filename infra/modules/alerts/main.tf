# The alert topic: anomaly alerts from the processor and alarm notifications from
# CloudWatch, delivered to the e-mail subscribers.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

resource "aws_sns_topic" "this" {
  #checkov:skip=CKV_AWS_26:CloudWatch alarms cannot publish to a topic under the AWS-managed alias/aws/sns key, and alerts carry no secrets; a customer-managed key would need its own key policy.
  name         = var.topic_name
  display_name = var.display_name
}

data "aws_iam_policy_document" "this" {
  # The processor publishes through its own role's identity policy (same account), so
  # the topic policy only has to admit CloudWatch alarms of this account.
  statement {
    sid       = "AllowCloudWatchAlarmsOfThisAccount"
    effect    = "Allow"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.this.arn]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${data.aws_partition.current.partition}:cloudwatch:*:${data.aws_caller_identity.current.account_id}:alarm:*"]
    }
  }

  # The topic owner keeps managing the topic and its subscriptions.
  statement {
    sid    = "AllowOwnerAccountManagement"
    effect = "Allow"
    actions = [
      "sns:GetTopicAttributes",
      "sns:SetTopicAttributes",
      "sns:AddPermission",
      "sns:RemovePermission",
      "sns:DeleteTopic",
      "sns:Subscribe",
      "sns:ListSubscriptionsByTopic",
      "sns:Publish",
    ]
    resources = [aws_sns_topic.this.arn]

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }
}

resource "aws_sns_topic_policy" "this" {
  arn    = aws_sns_topic.this.arn
  policy = data.aws_iam_policy_document.this.json
}

resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.email_addresses)

  topic_arn = aws_sns_topic.this.arn
  protocol  = "email"
  endpoint  = each.value
}
