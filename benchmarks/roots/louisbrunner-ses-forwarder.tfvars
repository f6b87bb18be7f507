prefix = "mailfwd"
emails = {
  "example.com" = [{ regex = "^info$", forward_to = ["ops@example.org"] }]
}
