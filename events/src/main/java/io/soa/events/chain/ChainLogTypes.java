package io.soa.events.chain;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which event type each contract log becomes: {@code "<Contract>.<Event>"} of the Solidity ABI to
 * the CloudEvents type. Logs not listed (approvals, roles and ERC-3009 nonces of $SOA, EIP-712
 * domain changes) are not published.
 */
public final class ChainLogTypes {
  private ChainLogTypes() {}

  /**
   * Logs of the suite's contracts deliberately not published: $SOA approvals, roles and ERC-3009
   * nonces (the transfer an authorization makes is its Transfer log), and EIP-712 domain changes.
   * With {@link #BY_LOG} it names every event in the ABIs (ChainContractTest).
   */
  public static final java.util.Set<String> NOT_PUBLISHED =
      java.util.Set.of(
          "SOAToken.Approval",
          "SOAToken.AuthorizationCanceled",
          "SOAToken.AuthorizationUsed",
          "SOAToken.EIP712DomainChanged",
          "SOAToken.RoleAdminChanged",
          "SOAToken.RoleGranted",
          "SOAToken.RoleRevoked",
          "UsageEscrow.EIP712DomainChanged",
          // they carry the channel's config struct; every token movement is in the others
          "X402BatchSettlement.ChannelCreated",
          "X402BatchSettlement.ChannelClosed",
          "X402BatchSettlement.EIP712DomainChanged");

  public static final Map<String, String> BY_LOG =
      Map.ofEntries(
          Map.entry("X402BatchSettlement.Deposited", X402Deposited.TYPE),
          Map.entry("X402BatchSettlement.Claimed", X402Claimed.TYPE),
          Map.entry("X402BatchSettlement.Settled", X402Settled.TYPE),
          Map.entry("X402BatchSettlement.Refunded", X402Refunded.TYPE),
          Map.entry("X402BatchSettlement.WithdrawInitiated", X402WithdrawInitiated.TYPE),
          Map.entry("X402BatchSettlement.WithdrawFinalized", X402WithdrawFinalized.TYPE),
          Map.entry("UsageEscrow.ChannelClaimed", ChannelClaimed.TYPE),
          Map.entry("UsageEscrow.ChannelClosed", ChannelClosed.TYPE),
          Map.entry("UsageEscrow.ChannelExtended", ChannelExtended.TYPE),
          Map.entry("UsageEscrow.ChannelOpened", ChannelOpened.TYPE),
          Map.entry("UsageEscrow.ClaimSkipped", ClaimSkipped.TYPE),
          Map.entry("UsageEscrow.ClaimWindowChanged", ClaimWindowChanged.TYPE),
          Map.entry("UsageEscrow.Deposited", Deposited.TYPE),
          Map.entry("LicenseToken.Approval", LicenseApproval.TYPE),
          Map.entry("LicenseToken.ApprovalForAll", LicenseApprovalForAll.TYPE),
          Map.entry("LicenseToken.LicensePurchased", LicensePurchased.TYPE),
          Map.entry("LicenseToken.Transfer", LicenseTransferred.TYPE),
          Map.entry("Marketplace.Listed", Listed.TYPE),
          Map.entry("Marketplace.ListingCancelled", ListingCancelled.TYPE),
          Map.entry("ModelRegistry.Approval", ModelApproval.TYPE),
          Map.entry("ModelRegistry.ApprovalForAll", ModelApprovalForAll.TYPE),
          Map.entry("ModelRegistry.ModelMetadataUpdated", ModelMetadataUpdated.TYPE),
          Map.entry("ModelRegistry.ModelTokenized", ModelTokenized.TYPE),
          Map.entry("ModelRegistry.Transfer", ModelTransferred.TYPE),
          Map.entry("LicenseToken.OwnershipTransferStarted", OwnershipTransferStarted.TYPE),
          Map.entry("Marketplace.OwnershipTransferStarted", OwnershipTransferStarted.TYPE),
          Map.entry("UsageEscrow.OwnershipTransferStarted", OwnershipTransferStarted.TYPE),
          Map.entry("LicenseToken.OwnershipTransferred", OwnershipTransferred.TYPE),
          Map.entry("Marketplace.OwnershipTransferred", OwnershipTransferred.TYPE),
          Map.entry("UsageEscrow.OwnershipTransferred", OwnershipTransferred.TYPE),
          Map.entry("LicenseToken.PlatformFeeChanged", PlatformFeeChanged.TYPE),
          Map.entry("Marketplace.PlatformFeeChanged", PlatformFeeChanged.TYPE),
          Map.entry("UsageEscrow.PlatformFeeChanged", PlatformFeeChanged.TYPE),
          Map.entry("ModelRegistry.RoyaltySet", RoyaltySet.TYPE),
          Map.entry("SOAToken.Transfer", SoaTransferred.TYPE),
          Map.entry("Marketplace.Sold", Sold.TYPE),
          Map.entry("LicenseToken.TierCreated", TierCreated.TYPE),
          Map.entry("LicenseToken.TierUpdated", TierUpdated.TYPE),
          Map.entry("LicenseToken.TreasuryChanged", TreasuryChanged.TYPE),
          Map.entry("Marketplace.TreasuryChanged", TreasuryChanged.TYPE),
          Map.entry("UsageEscrow.TreasuryChanged", TreasuryChanged.TYPE),
          Map.entry("ModelRegistry.UsagePriceSet", UsagePriceSet.TYPE),
          Map.entry("UsageEscrow.Withdrawn", Withdrawn.TYPE),
          Map.entry("ModelPayees.PayeeReleased", PayeeReleased.TYPE),
          Map.entry("ModelPayees.OwnershipTransferStarted", OwnershipTransferStarted.TYPE),
          Map.entry("ModelPayees.OwnershipTransferred", OwnershipTransferred.TYPE),
          Map.entry("ModelPayees.PlatformFeeChanged", PlatformFeeChanged.TYPE),
          Map.entry("ModelPayees.TreasuryChanged", TreasuryChanged.TYPE));

  /** Each event type that exactly one contract emits, by that contract's name. */
  private static final Map<String, String> SOLE_EMITTER =
      BY_LOG.entrySet().stream()
          .collect(
              Collectors.groupingBy(
                  Map.Entry::getValue,
                  Collectors.mapping(
                      e -> e.getKey().substring(0, e.getKey().indexOf('.')), Collectors.toSet())))
          .entrySet()
          .stream()
          .filter(e -> e.getValue().size() == 1)
          .collect(
              Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> e.getValue().iterator().next()));

  /**
   * The one contract (its name, as in {@link #BY_LOG}) whose log becomes {@code type}; empty for
   * the admin types every contract emits (ownership, fee, treasury), which no mirror takes.
   */
  public static Optional<String> emitterOf(String type) {
    return Optional.ofNullable(SOLE_EMITTER.get(type));
  }
}
