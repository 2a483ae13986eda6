// The durable store: see Store/*.swift
