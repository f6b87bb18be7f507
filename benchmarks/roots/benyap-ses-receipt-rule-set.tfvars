rule_set_name = "inbound"
