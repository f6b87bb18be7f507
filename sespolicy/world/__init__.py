"""The world a plan describes: input read and validated (load), the resources after apply
(model, build), the references between them (graph) and the Region of each, with why (regions).

Data flows one way: load -> build -> graph -> regions; nothing here knows about policies.
"""
