"""Operations: health probes, metrics, structured logs and backups, for whoever runs Sanad in production."""
