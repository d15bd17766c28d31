"""Our custom resources as typed models: specs we parse strictly, status we write."""
