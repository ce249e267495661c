"""Monthly cross-list comparison (每月一比对, Guangdong seed 004): a list a case system
uploads (脱贫, 低保边缘, …) by blind index, compared with its enrolled households on a
schedule and on demand (ADR 0020)."""
