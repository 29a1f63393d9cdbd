package io.soa.events.chain;

import io.soa.events.EventType;
import io.soa.events.Topics;
import java.util.List;

/** The event types of the chain-indexer: one per contract event, and the retraction of blocks. */
public final class ChainEventTypes {
  private ChainEventTypes() {}

  public static final EventType<ChannelClaimed> CHANNEL_CLAIMED =
      new EventType<>(ChannelClaimed.TYPE, ChannelClaimed.class, List.of(Topics.CHAIN_ESCROW));

  public static final EventType<ChannelClosed> CHANNEL_CLOSED =
      new EventType<>(ChannelClosed.TYPE, ChannelClosed.class, List.of(Topics.CHAIN_ESCROW));

  public static final EventType<ChannelExtended> CHANNEL_EXTENDED =
      new EventType<>(ChannelExtended.TYPE, ChannelExtended.class, List.of(Topics.CHAIN_ESCROW));

  public static final EventType<ChannelOpened> CHANNEL_OPENED =
      new EventType<>(ChannelOpened.TYPE, ChannelOpened.class, List.of(Topics.CHAIN_ESCROW));

  public static final EventType<ClaimWindowChanged> CLAIM_WINDOW_CHANGED =
      new EventType<>(
          ClaimWindowChanged.TYPE, ClaimWindowChanged.class, List.of(Topics.CHAIN_ESCROW));

  public static final EventType<ClaimSkipped> CLAIM_SKIPPED =
      new EventType<>(ClaimSkipped.TYPE, ClaimSkipped.class, List.of(Topics.CHAIN_ESCROW));

  public static final EventType<Deposited> DEPOSITED =
      new EventType<>(Deposited.TYPE, Deposited.class, List.of(Topics.CHAIN_ESCROW));

  public static final EventType<LicenseApproval> LICENSE_APPROVAL =
      new EventType<>(LicenseApproval.TYPE, LicenseApproval.class, List.of(Topics.CHAIN_LICENSES));

  public static final EventType<LicenseApprovalForAll> LICENSE_APPROVAL_FOR_ALL =
      new EventType<>(
          LicenseApprovalForAll.TYPE, LicenseApprovalForAll.class, List.of(Topics.CHAIN_LICENSES));

  public static final EventType<LicensePurchased> LICENSE_PURCHASED =
      new EventType<>(
          LicensePurchased.TYPE, LicensePurchased.class, List.of(Topics.CHAIN_LICENSES));

  public static final EventType<LicenseTransferred> LICENSE_TRANSFERRED =
      new EventType<>(
          LicenseTransferred.TYPE, LicenseTransferred.class, List.of(Topics.CHAIN_LICENSES));

  public static final EventType<Listed> LISTED =
      new EventType<>(Listed.TYPE, Listed.class, List.of(Topics.CHAIN_MARKET));

  public static final EventType<ListingCancelled> LISTING_CANCELLED =
      new EventType<>(ListingCancelled.TYPE, ListingCancelled.class, List.of(Topics.CHAIN_MARKET));

  public static final EventType<ModelApproval> MODEL_APPROVAL =
      new EventType<>(ModelApproval.TYPE, ModelApproval.class, List.of(Topics.CHAIN_MODELS));

  public static final EventType<ModelApprovalForAll> MODEL_APPROVAL_FOR_ALL =
      new EventType<>(
          ModelApprovalForAll.TYPE, ModelApprovalForAll.class, List.of(Topics.CHAIN_MODELS));

  public static final EventType<ModelMetadataUpdated> MODEL_METADATA_UPDATED =
      new EventType<>(
          ModelMetadataUpdated.TYPE, ModelMetadataUpdated.class, List.of(Topics.CHAIN_MODELS));

  public static final EventType<ModelTokenized> MODEL_TOKENIZED =
      new EventType<>(ModelTokenized.TYPE, ModelTokenized.class, List.of(Topics.CHAIN_MODELS));

  public static final EventType<ModelTransferred> MODEL_TRANSFERRED =
      new EventType<>(ModelTransferred.TYPE, ModelTransferred.class, List.of(Topics.CHAIN_MODELS));

  public static final EventType<OwnershipTransferStarted> OWNERSHIP_TRANSFER_STARTED =
      new EventType<>(
          OwnershipTransferStarted.TYPE,
          OwnershipTransferStarted.class,
          List.of(
              Topics.CHAIN_LICENSES,
              Topics.CHAIN_MARKET,
              Topics.CHAIN_ESCROW,
              Topics.CHAIN_MODELS));

  public static final EventType<OwnershipTransferred> OWNERSHIP_TRANSFERRED =
      new EventType<>(
          OwnershipTransferred.TYPE,
          OwnershipTransferred.class,
          List.of(
              Topics.CHAIN_LICENSES,
              Topics.CHAIN_MARKET,
              Topics.CHAIN_ESCROW,
              Topics.CHAIN_MODELS));

  public static final EventType<PlatformFeeChanged> PLATFORM_FEE_CHANGED =
      new EventType<>(
          PlatformFeeChanged.TYPE,
          PlatformFeeChanged.class,
          List.of(
              Topics.CHAIN_LICENSES,
              Topics.CHAIN_MARKET,
              Topics.CHAIN_ESCROW,
              Topics.CHAIN_MODELS));

  public static final EventType<PayeeReleased> PAYEE_RELEASED =
      new EventType<>(PayeeReleased.TYPE, PayeeReleased.class, List.of(Topics.CHAIN_MODELS));

  public static final EventType<RoyaltySet> ROYALTY_SET =
      new EventType<>(RoyaltySet.TYPE, RoyaltySet.class, List.of(Topics.CHAIN_MODELS));

  public static final EventType<SoaTransferred> SOA_TRANSFERRED =
      new EventType<>(
          SoaTransferred.TYPE,
          SoaTransferred.class,
          List.of(Topics.CHAIN_ESCROW, Topics.CHAIN_MARKET));

  public static final EventType<Sold> SOLD =
      new EventType<>(Sold.TYPE, Sold.class, List.of(Topics.CHAIN_MARKET));

  public static final EventType<TierCreated> TIER_CREATED =
      new EventType<>(TierCreated.TYPE, TierCreated.class, List.of(Topics.CHAIN_LICENSES));

  public static final EventType<TierUpdated> TIER_UPDATED =
      new EventType<>(TierUpdated.TYPE, TierUpdated.class, List.of(Topics.CHAIN_LICENSES));

  public static final EventType<TreasuryChanged> TREASURY_CHANGED =
      new EventType<>(
          TreasuryChanged.TYPE,
          TreasuryChanged.class,
          List.of(
              Topics.CHAIN_LICENSES,
              Topics.CHAIN_MARKET,
              Topics.CHAIN_ESCROW,
              Topics.CHAIN_MODELS));

  public static final EventType<UsagePriceSet> USAGE_PRICE_SET =
      new EventType<>(UsagePriceSet.TYPE, UsagePriceSet.class, List.of(Topics.CHAIN_MODELS));

  public static final EventType<Withdrawn> WITHDRAWN =
      new EventType<>(Withdrawn.TYPE, Withdrawn.class, List.of(Topics.CHAIN_ESCROW));

  public static final EventType<X402Deposited> X402_DEPOSITED =
      new EventType<>(X402Deposited.TYPE, X402Deposited.class, List.of(Topics.CHAIN_ESCROW));

  public static final EventType<X402Claimed> X402_CLAIMED =
      new EventType<>(X402Claimed.TYPE, X402Claimed.class, List.of(Topics.CHAIN_ESCROW));

  public static final EventType<X402Settled> X402_SETTLED =
      new EventType<>(X402Settled.TYPE, X402Settled.class, List.of(Topics.CHAIN_ESCROW));

  public static final EventType<X402Refunded> X402_REFUNDED =
      new EventType<>(X402Refunded.TYPE, X402Refunded.class, List.of(Topics.CHAIN_ESCROW));

  public static final EventType<X402WithdrawInitiated> X402_WITHDRAW_INITIATED =
      new EventType<>(
          X402WithdrawInitiated.TYPE, X402WithdrawInitiated.class, List.of(Topics.CHAIN_ESCROW));

  public static final EventType<X402WithdrawFinalized> X402_WITHDRAW_FINALIZED =
      new EventType<>(
          X402WithdrawFinalized.TYPE, X402WithdrawFinalized.class, List.of(Topics.CHAIN_ESCROW));

  /** Published on every chain topic when the indexer retracts blocks that left the chain. */
  public static final EventType<ChainReorganized> REORGANIZED =
      new EventType<>(
          ChainReorganized.TYPE,
          ChainReorganized.class,
          List.of(
              Topics.CHAIN_MODELS,
              Topics.CHAIN_LICENSES,
              Topics.CHAIN_MARKET,
              Topics.CHAIN_ESCROW));

  /** In the order the AsyncAPI document lists them. */
  public static final List<EventType<?>> ALL =
      List.of(
          X402_DEPOSITED,
          X402_CLAIMED,
          X402_SETTLED,
          X402_REFUNDED,
          X402_WITHDRAW_INITIATED,
          X402_WITHDRAW_FINALIZED,
          CHANNEL_CLAIMED,
          CHANNEL_CLOSED,
          CHANNEL_EXTENDED,
          CHANNEL_OPENED,
          CLAIM_SKIPPED,
          CLAIM_WINDOW_CHANGED,
          DEPOSITED,
          LICENSE_APPROVAL,
          LICENSE_APPROVAL_FOR_ALL,
          LICENSE_PURCHASED,
          LICENSE_TRANSFERRED,
          LISTED,
          LISTING_CANCELLED,
          MODEL_APPROVAL,
          MODEL_APPROVAL_FOR_ALL,
          MODEL_METADATA_UPDATED,
          MODEL_TOKENIZED,
          MODEL_TRANSFERRED,
          OWNERSHIP_TRANSFER_STARTED,
          OWNERSHIP_TRANSFERRED,
          PLATFORM_FEE_CHANGED,
          PAYEE_RELEASED,
          ROYALTY_SET,
          SOA_TRANSFERRED,
          SOLD,
          TIER_CREATED,
          TIER_UPDATED,
          TREASURY_CHANGED,
          USAGE_PRICE_SET,
          WITHDRAWN,
          REORGANIZED);
}
