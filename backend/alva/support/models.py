"""Support console models arrive with the support issue (audit log, cross-tenant index)."""
