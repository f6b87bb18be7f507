test_account = "123456789012"
