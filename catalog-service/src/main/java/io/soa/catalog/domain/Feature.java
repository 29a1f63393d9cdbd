package io.soa.catalog.domain;

import java.util.List;

/**
 * A functionality a model offers. On-chain, its pay-per-use price is keyed by the keccak-256 of
 * {@code id} ({@code Bytes32.featureKey}).
 */
@com.fasterxml.jackson.annotation.JsonInclude(
    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record Feature(
    String id,
    String description,
    List<String> inputContentTypes,
    List<String> outputContentTypes) {}
