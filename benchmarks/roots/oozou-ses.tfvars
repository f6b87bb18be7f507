prefix      = "acme"
environment = "test"
