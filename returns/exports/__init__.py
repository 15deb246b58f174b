"""Import-export: the merchant's order file in and out, the shipments waiting to ship."""
