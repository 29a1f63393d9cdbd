package io.soa.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Every event type of the suite. Adding an event means adding it here and its schema. */
public final class EventTypes {
  private EventTypes() {}

  // ---------------------------------------------------------------- chain (chain-indexer)

  public static final EventType<io.soa.events.chain.ChannelClaimed> CHAIN_CHANNEL_CLAIMED =
      new EventType<>(
          io.soa.events.chain.ChannelClaimed.TYPE,
          io.soa.events.chain.ChannelClaimed.class,
          List.of(Topics.CHAIN_ESCROW));

  public static final EventType<io.soa.events.chain.ChannelClosed> CHAIN_CHANNEL_CLOSED =
      new EventType<>(
          io.soa.events.chain.ChannelClosed.TYPE,
          io.soa.events.chain.ChannelClosed.class,
          List.of(Topics.CHAIN_ESCROW));

  public static final EventType<io.soa.events.chain.ChannelExtended> CHAIN_CHANNEL_EXTENDED =
      new EventType<>(
          io.soa.events.chain.ChannelExtended.TYPE,
          io.soa.events.chain.ChannelExtended.class,
          List.of(Topics.CHAIN_ESCROW));

  public static final EventType<io.soa.events.chain.ChannelOpened> CHAIN_CHANNEL_OPENED =
      new EventType<>(
          io.soa.events.chain.ChannelOpened.TYPE,
          io.soa.events.chain.ChannelOpened.class,
          List.of(Topics.CHAIN_ESCROW));

  public static final EventType<io.soa.events.chain.ClaimWindowChanged> CHAIN_CLAIM_WINDOW_CHANGED =
      new EventType<>(
          io.soa.events.chain.ClaimWindowChanged.TYPE,
          io.soa.events.chain.ClaimWindowChanged.class,
          List.of(Topics.CHAIN_ESCROW));

  public static final EventType<io.soa.events.chain.ClaimSkipped> CHAIN_CLAIM_SKIPPED =
      new EventType<>(
          io.soa.events.chain.ClaimSkipped.TYPE,
          io.soa.events.chain.ClaimSkipped.class,
          List.of(Topics.CHAIN_ESCROW));

  public static final EventType<io.soa.events.chain.Deposited> CHAIN_DEPOSITED =
      new EventType<>(
          io.soa.events.chain.Deposited.TYPE,
          io.soa.events.chain.Deposited.class,
          List.of(Topics.CHAIN_ESCROW));

  public static final EventType<io.soa.events.chain.LicenseApproval> CHAIN_LICENSE_APPROVAL =
      new EventType<>(
          io.soa.events.chain.LicenseApproval.TYPE,
          io.soa.events.chain.LicenseApproval.class,
          List.of(Topics.CHAIN_LICENSES));

  public static final EventType<io.soa.events.chain.LicenseApprovalForAll>
      CHAIN_LICENSE_APPROVAL_FOR_ALL =
          new EventType<>(
              io.soa.events.chain.LicenseApprovalForAll.TYPE,
              io.soa.events.chain.LicenseApprovalForAll.class,
              List.of(Topics.CHAIN_LICENSES));

  public static final EventType<io.soa.events.chain.LicensePurchased> CHAIN_LICENSE_PURCHASED =
      new EventType<>(
          io.soa.events.chain.LicensePurchased.TYPE,
          io.soa.events.chain.LicensePurchased.class,
          List.of(Topics.CHAIN_LICENSES));

  public static final EventType<io.soa.events.chain.LicenseTransferred> CHAIN_LICENSE_TRANSFERRED =
      new EventType<>(
          io.soa.events.chain.LicenseTransferred.TYPE,
          io.soa.events.chain.LicenseTransferred.class,
          List.of(Topics.CHAIN_LICENSES));

  public static final EventType<io.soa.events.chain.Listed> CHAIN_LISTED =
      new EventType<>(
          io.soa.events.chain.Listed.TYPE,
          io.soa.events.chain.Listed.class,
          List.of(Topics.CHAIN_MARKET));

  public static final EventType<io.soa.events.chain.ListingCancelled> CHAIN_LISTING_CANCELLED =
      new EventType<>(
          io.soa.events.chain.ListingCancelled.TYPE,
          io.soa.events.chain.ListingCancelled.class,
          List.of(Topics.CHAIN_MARKET));

  public static final EventType<io.soa.events.chain.ModelApproval> CHAIN_MODEL_APPROVAL =
      new EventType<>(
          io.soa.events.chain.ModelApproval.TYPE,
          io.soa.events.chain.ModelApproval.class,
          List.of(Topics.CHAIN_MODELS));

  public static final EventType<io.soa.events.chain.ModelApprovalForAll>
      CHAIN_MODEL_APPROVAL_FOR_ALL =
          new EventType<>(
              io.soa.events.chain.ModelApprovalForAll.TYPE,
              io.soa.events.chain.ModelApprovalForAll.class,
              List.of(Topics.CHAIN_MODELS));

  public static final EventType<io.soa.events.chain.ModelMetadataUpdated>
      CHAIN_MODEL_METADATA_UPDATED =
          new EventType<>(
              io.soa.events.chain.ModelMetadataUpdated.TYPE,
              io.soa.events.chain.ModelMetadataUpdated.class,
              List.of(Topics.CHAIN_MODELS));

  public static final EventType<io.soa.events.chain.ModelTokenized> CHAIN_MODEL_TOKENIZED =
      new EventType<>(
          io.soa.events.chain.ModelTokenized.TYPE,
          io.soa.events.chain.ModelTokenized.class,
          List.of(Topics.CHAIN_MODELS));

  public static final EventType<io.soa.events.chain.ModelTransferred> CHAIN_MODEL_TRANSFERRED =
      new EventType<>(
          io.soa.events.chain.ModelTransferred.TYPE,
          io.soa.events.chain.ModelTransferred.class,
          List.of(Topics.CHAIN_MODELS));

  public static final EventType<io.soa.events.chain.OwnershipTransferStarted>
      CHAIN_OWNERSHIP_TRANSFER_STARTED =
          new EventType<>(
              io.soa.events.chain.OwnershipTransferStarted.TYPE,
              io.soa.events.chain.OwnershipTransferStarted.class,
              List.of(Topics.CHAIN_LICENSES, Topics.CHAIN_MARKET, Topics.CHAIN_ESCROW));

  public static final EventType<io.soa.events.chain.OwnershipTransferred>
      CHAIN_OWNERSHIP_TRANSFERRED =
          new EventType<>(
              io.soa.events.chain.OwnershipTransferred.TYPE,
              io.soa.events.chain.OwnershipTransferred.class,
              List.of(Topics.CHAIN_LICENSES, Topics.CHAIN_MARKET, Topics.CHAIN_ESCROW));

  public static final EventType<io.soa.events.chain.PlatformFeeChanged> CHAIN_PLATFORM_FEE_CHANGED =
      new EventType<>(
          io.soa.events.chain.PlatformFeeChanged.TYPE,
          io.soa.events.chain.PlatformFeeChanged.class,
          List.of(Topics.CHAIN_LICENSES, Topics.CHAIN_MARKET, Topics.CHAIN_ESCROW));

  public static final EventType<io.soa.events.chain.RoyaltySet> CHAIN_ROYALTY_SET =
      new EventType<>(
          io.soa.events.chain.RoyaltySet.TYPE,
          io.soa.events.chain.RoyaltySet.class,
          List.of(Topics.CHAIN_MODELS));

  public static final EventType<io.soa.events.chain.SoaTransferred> CHAIN_SOA_TRANSFERRED =
      new EventType<>(
          io.soa.events.chain.SoaTransferred.TYPE,
          io.soa.events.chain.SoaTransferred.class,
          List.of(Topics.CHAIN_ESCROW, Topics.CHAIN_MARKET));

  public static final EventType<io.soa.events.chain.Sold> CHAIN_SOLD =
      new EventType<>(
          io.soa.events.chain.Sold.TYPE,
          io.soa.events.chain.Sold.class,
          List.of(Topics.CHAIN_MARKET));

  public static final EventType<io.soa.events.chain.TierCreated> CHAIN_TIER_CREATED =
      new EventType<>(
          io.soa.events.chain.TierCreated.TYPE,
          io.soa.events.chain.TierCreated.class,
          List.of(Topics.CHAIN_LICENSES));

  public static final EventType<io.soa.events.chain.TierUpdated> CHAIN_TIER_UPDATED =
      new EventType<>(
          io.soa.events.chain.TierUpdated.TYPE,
          io.soa.events.chain.TierUpdated.class,
          List.of(Topics.CHAIN_LICENSES));

  public static final EventType<io.soa.events.chain.TreasuryChanged> CHAIN_TREASURY_CHANGED =
      new EventType<>(
          io.soa.events.chain.TreasuryChanged.TYPE,
          io.soa.events.chain.TreasuryChanged.class,
          List.of(Topics.CHAIN_LICENSES, Topics.CHAIN_MARKET, Topics.CHAIN_ESCROW));

  public static final EventType<io.soa.events.chain.UsagePriceSet> CHAIN_USAGE_PRICE_SET =
      new EventType<>(
          io.soa.events.chain.UsagePriceSet.TYPE,
          io.soa.events.chain.UsagePriceSet.class,
          List.of(Topics.CHAIN_MODELS));

  public static final EventType<io.soa.events.chain.Withdrawn> CHAIN_WITHDRAWN =
      new EventType<>(
          io.soa.events.chain.Withdrawn.TYPE,
          io.soa.events.chain.Withdrawn.class,
          List.of(Topics.CHAIN_ESCROW));

  /** Published on every chain topic when the indexer retracts blocks that left the chain. */
  public static final EventType<io.soa.events.chain.ChainReorganized> CHAIN_REORGANIZED =
      new EventType<>(
          io.soa.events.chain.ChainReorganized.TYPE,
          io.soa.events.chain.ChainReorganized.class,
          List.of(
              Topics.CHAIN_MODELS,
              Topics.CHAIN_LICENSES,
              Topics.CHAIN_MARKET,
              Topics.CHAIN_ESCROW));

  // ---------------------------------------------------------------- catalog-service

  public static final EventType<io.soa.events.catalog.ModelRegistered> CATALOG_MODEL_REGISTERED =
      new EventType<>(
          io.soa.events.catalog.ModelRegistered.TYPE,
          io.soa.events.catalog.ModelRegistered.class,
          List.of(Topics.CATALOG_MODELS));

  public static final EventType<io.soa.events.catalog.ModelTokenized> CATALOG_MODEL_TOKENIZED =
      new EventType<>(
          io.soa.events.catalog.ModelTokenized.TYPE,
          io.soa.events.catalog.ModelTokenized.class,
          List.of(Topics.CATALOG_MODELS));

  public static final EventType<io.soa.events.catalog.ModelUpdated> CATALOG_MODEL_UPDATED =
      new EventType<>(
          io.soa.events.catalog.ModelUpdated.TYPE,
          io.soa.events.catalog.ModelUpdated.class,
          List.of(Topics.CATALOG_MODELS));

  public static final EventType<io.soa.events.catalog.ModelVersionPublished>
      CATALOG_MODEL_VERSION_PUBLISHED =
          new EventType<>(
              io.soa.events.catalog.ModelVersionPublished.TYPE,
              io.soa.events.catalog.ModelVersionPublished.class,
              List.of(Topics.CATALOG_MODELS));

  public static final EventType<io.soa.events.catalog.ModelOwnerChanged>
      CATALOG_MODEL_OWNER_CHANGED =
          new EventType<>(
              io.soa.events.catalog.ModelOwnerChanged.TYPE,
              io.soa.events.catalog.ModelOwnerChanged.class,
              List.of(Topics.CATALOG_MODELS));

  public static final EventType<io.soa.events.catalog.UsagePriceChanged>
      CATALOG_USAGE_PRICE_CHANGED =
          new EventType<>(
              io.soa.events.catalog.UsagePriceChanged.TYPE,
              io.soa.events.catalog.UsagePriceChanged.class,
              List.of(Topics.CATALOG_MODELS));

  public static final EventType<io.soa.events.catalog.ModelDelisted> CATALOG_MODEL_DELISTED =
      new EventType<>(
          io.soa.events.catalog.ModelDelisted.TYPE,
          io.soa.events.catalog.ModelDelisted.class,
          List.of(Topics.CATALOG_MODELS));

  public static final EventType<io.soa.events.catalog.ModelRelisted> CATALOG_MODEL_RELISTED =
      new EventType<>(
          io.soa.events.catalog.ModelRelisted.TYPE,
          io.soa.events.catalog.ModelRelisted.class,
          List.of(Topics.CATALOG_MODELS));

  // ---------------------------------------------------------------- licensing-service

  public static final EventType<io.soa.events.licensing.EntitlementGranted>
      LICENSING_ENTITLEMENT_GRANTED =
          new EventType<>(
              io.soa.events.licensing.EntitlementGranted.TYPE,
              io.soa.events.licensing.EntitlementGranted.class,
              List.of(Topics.LICENSING_ENTITLEMENTS));

  public static final EventType<io.soa.events.licensing.EntitlementTransferred>
      LICENSING_ENTITLEMENT_TRANSFERRED =
          new EventType<>(
              io.soa.events.licensing.EntitlementTransferred.TYPE,
              io.soa.events.licensing.EntitlementTransferred.class,
              List.of(Topics.LICENSING_ENTITLEMENTS));

  public static final EventType<io.soa.events.licensing.EntitlementExhausted>
      LICENSING_ENTITLEMENT_EXHAUSTED =
          new EventType<>(
              io.soa.events.licensing.EntitlementExhausted.TYPE,
              io.soa.events.licensing.EntitlementExhausted.class,
              List.of(Topics.LICENSING_ENTITLEMENTS));

  public static final EventType<io.soa.events.licensing.EntitlementExpired>
      LICENSING_ENTITLEMENT_EXPIRED =
          new EventType<>(
              io.soa.events.licensing.EntitlementExpired.TYPE,
              io.soa.events.licensing.EntitlementExpired.class,
              List.of(Topics.LICENSING_ENTITLEMENTS));

  public static final EventType<io.soa.events.licensing.EntitlementRevoked>
      LICENSING_ENTITLEMENT_REVOKED =
          new EventType<>(
              io.soa.events.licensing.EntitlementRevoked.TYPE,
              io.soa.events.licensing.EntitlementRevoked.class,
              List.of(Topics.LICENSING_ENTITLEMENTS));

  public static final EventType<io.soa.events.licensing.AccessGranted> LICENSING_ACCESS_GRANTED =
      new EventType<>(
          io.soa.events.licensing.AccessGranted.TYPE,
          io.soa.events.licensing.AccessGranted.class,
          List.of(Topics.LICENSING_ACCESS));

  public static final EventType<io.soa.events.licensing.AccessDenied> LICENSING_ACCESS_DENIED =
      new EventType<>(
          io.soa.events.licensing.AccessDenied.TYPE,
          io.soa.events.licensing.AccessDenied.class,
          List.of(Topics.LICENSING_ACCESS));

  // ---------------------------------------------------------------- payments (payment-service)

  public static final EventType<io.soa.events.payments.ChargeAccepted> PAYMENTS_CHARGE_ACCEPTED =
      new EventType<>(
          io.soa.events.payments.ChargeAccepted.TYPE,
          io.soa.events.payments.ChargeAccepted.class,
          List.of(Topics.PAYMENTS_CHARGES));

  public static final EventType<io.soa.events.payments.ChargeReleased> PAYMENTS_CHARGE_RELEASED =
      new EventType<>(
          io.soa.events.payments.ChargeReleased.TYPE,
          io.soa.events.payments.ChargeReleased.class,
          List.of(Topics.PAYMENTS_CHARGES));

  public static final EventType<io.soa.events.payments.SettlementSubmitted>
      PAYMENTS_SETTLEMENT_SUBMITTED =
          new EventType<>(
              io.soa.events.payments.SettlementSubmitted.TYPE,
              io.soa.events.payments.SettlementSubmitted.class,
              List.of(Topics.PAYMENTS_SETTLEMENTS));

  public static final EventType<io.soa.events.payments.SettlementConfirmed>
      PAYMENTS_SETTLEMENT_CONFIRMED =
          new EventType<>(
              io.soa.events.payments.SettlementConfirmed.TYPE,
              io.soa.events.payments.SettlementConfirmed.class,
              List.of(Topics.PAYMENTS_SETTLEMENTS));

  public static final EventType<io.soa.events.payments.SettlementFailed>
      PAYMENTS_SETTLEMENT_FAILED =
          new EventType<>(
              io.soa.events.payments.SettlementFailed.TYPE,
              io.soa.events.payments.SettlementFailed.class,
              List.of(Topics.PAYMENTS_SETTLEMENTS));

  public static final List<EventType<?>> ALL =
      List.of(
          CHAIN_CHANNEL_CLAIMED,
          CHAIN_CHANNEL_CLOSED,
          CHAIN_CHANNEL_EXTENDED,
          CHAIN_CHANNEL_OPENED,
          CHAIN_CLAIM_SKIPPED,
          CHAIN_CLAIM_WINDOW_CHANGED,
          CHAIN_DEPOSITED,
          CHAIN_LICENSE_APPROVAL,
          CHAIN_LICENSE_APPROVAL_FOR_ALL,
          CHAIN_LICENSE_PURCHASED,
          CHAIN_LICENSE_TRANSFERRED,
          CHAIN_LISTED,
          CHAIN_LISTING_CANCELLED,
          CHAIN_MODEL_APPROVAL,
          CHAIN_MODEL_APPROVAL_FOR_ALL,
          CHAIN_MODEL_METADATA_UPDATED,
          CHAIN_MODEL_TOKENIZED,
          CHAIN_MODEL_TRANSFERRED,
          CHAIN_OWNERSHIP_TRANSFER_STARTED,
          CHAIN_OWNERSHIP_TRANSFERRED,
          CHAIN_PLATFORM_FEE_CHANGED,
          CHAIN_ROYALTY_SET,
          CHAIN_SOA_TRANSFERRED,
          CHAIN_SOLD,
          CHAIN_TIER_CREATED,
          CHAIN_TIER_UPDATED,
          CHAIN_TREASURY_CHANGED,
          CHAIN_USAGE_PRICE_SET,
          CHAIN_WITHDRAWN,
          CHAIN_REORGANIZED,
          CATALOG_MODEL_REGISTERED,
          CATALOG_MODEL_TOKENIZED,
          CATALOG_MODEL_UPDATED,
          CATALOG_MODEL_VERSION_PUBLISHED,
          CATALOG_MODEL_OWNER_CHANGED,
          CATALOG_USAGE_PRICE_CHANGED,
          CATALOG_MODEL_DELISTED,
          CATALOG_MODEL_RELISTED,
          LICENSING_ENTITLEMENT_GRANTED,
          LICENSING_ENTITLEMENT_TRANSFERRED,
          LICENSING_ENTITLEMENT_EXHAUSTED,
          LICENSING_ENTITLEMENT_EXPIRED,
          LICENSING_ENTITLEMENT_REVOKED,
          LICENSING_ACCESS_GRANTED,
          LICENSING_ACCESS_DENIED,
          PAYMENTS_CHARGE_ACCEPTED,
          PAYMENTS_CHARGE_RELEASED,
          PAYMENTS_SETTLEMENT_SUBMITTED,
          PAYMENTS_SETTLEMENT_CONFIRMED,
          PAYMENTS_SETTLEMENT_FAILED);

  private static final Map<String, EventType<?>> BY_TYPE =
      ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::type, Function.identity()));

  private static final Map<Class<?>, EventType<?>> BY_CLASS =
      ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::dataClass, Function.identity()));

  public static Optional<EventType<?>> byType(String type) {
    return Optional.ofNullable(BY_TYPE.get(type));
  }

  @SuppressWarnings("unchecked")
  public static <T extends SoaEvent> EventType<T> of(T event) {
    EventType<?> t = BY_CLASS.get(event.getClass());
    if (t == null) {
      throw new IllegalArgumentException("unregistered event class " + event.getClass());
    }
    return (EventType<T>) t;
  }

  /** The chain event types, in declaration order. */
  public static Stream<EventType<?>> chain() {
    return ALL.stream().filter(t -> t.type().startsWith("soa.chain."));
  }
}
