package io.soa.catalog.service;

import io.soa.catalog.domain.Model;
import io.soa.catalog.domain.UsagePrice;
import java.math.BigInteger;
import java.util.List;

/** The chain-mirrored fields of a model, as a chain event found them (to undo it exactly). */
public record ModelSnapshot(
    Long tokenChainId,
    String tokenContract,
    String tokenId,
    String tokenOwner,
    String tokenTxHash,
    Long tokenBlock,
    String tokenMetadataUri,
    String chainArtifactDigest,
    List<UsagePrice> usagePrices) {

  static ModelSnapshot of(Model m) {
    return new ModelSnapshot(
        m.tokenChainId,
        m.tokenContract,
        m.tokenId == null ? null : m.tokenId.toString(),
        m.tokenOwner,
        m.tokenTxHash,
        m.tokenBlock,
        m.tokenMetadataUri,
        m.chainArtifactDigest,
        List.copyOf(m.usagePrices));
  }

  void restore(Model m) {
    m.tokenChainId = tokenChainId;
    m.tokenContract = tokenContract;
    m.tokenId = tokenId == null ? null : new BigInteger(tokenId);
    m.tokenOwner = tokenOwner;
    m.tokenTxHash = tokenTxHash;
    m.tokenBlock = tokenBlock;
    m.tokenMetadataUri = tokenMetadataUri;
    m.chainArtifactDigest = chainArtifactDigest;
    m.usagePrices = usagePrices;
  }
}
