resource "aws_iam_group" "admins" {
  name = "admins"
}

resource "aws_iam_group_policy_attachment" "admins" {
  group      = aws_iam_group.admins.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_group" "readonly" {
  name = "readonly"
}

resource "aws_iam_group_policy_attachment" "readonly" {
  group      = aws_iam_group.readonly.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_user" "breakglass_admin" {
  name = "breakglass-admin"
  tags = {
    owner   = "raj.patel@acme.example"
    team    = "platform"
    purpose = "break-glass"
  }
}

resource "aws_iam_user_group_membership" "breakglass_admin" {
  user   = aws_iam_user.breakglass_admin.name
  groups = [aws_iam_group.admins.name]
}
