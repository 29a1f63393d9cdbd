package io.soa.platform.error;

/** One invalid field: a JSON path such as {@code features[0].id}, and what is wrong with it. */
public record FieldError(String field, String message) {}
