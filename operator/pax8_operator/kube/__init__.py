"""Our own Kubernetes reads and writes (Secrets, status patches, Events) via kubernetes_asyncio."""
