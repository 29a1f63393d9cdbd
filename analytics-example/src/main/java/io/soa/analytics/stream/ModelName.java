package io.soa.analytics.stream;

/** A catalog model's name and, once tokenized, its on-chain model id. */
public record ModelName(String name, String chainModelId) {}
