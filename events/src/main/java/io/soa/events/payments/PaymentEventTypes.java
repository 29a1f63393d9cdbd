package io.soa.events.payments;

import io.soa.events.EventType;
import io.soa.events.Topics;
import java.util.List;

/** The event types of payment-service: charges and settlements. */
public final class PaymentEventTypes {
  private PaymentEventTypes() {}

  public static final EventType<ChargeAccepted> CHARGE_ACCEPTED =
      new EventType<>(ChargeAccepted.TYPE, ChargeAccepted.class, List.of(Topics.PAYMENTS_CHARGES));

  public static final EventType<ChargeReleased> CHARGE_RELEASED =
      new EventType<>(ChargeReleased.TYPE, ChargeReleased.class, List.of(Topics.PAYMENTS_CHARGES));

  public static final EventType<SettlementSubmitted> SETTLEMENT_SUBMITTED =
      new EventType<>(
          SettlementSubmitted.TYPE,
          SettlementSubmitted.class,
          List.of(Topics.PAYMENTS_SETTLEMENTS));

  public static final EventType<SettlementConfirmed> SETTLEMENT_CONFIRMED =
      new EventType<>(
          SettlementConfirmed.TYPE,
          SettlementConfirmed.class,
          List.of(Topics.PAYMENTS_SETTLEMENTS));

  public static final EventType<SettlementFailed> SETTLEMENT_FAILED =
      new EventType<>(
          SettlementFailed.TYPE, SettlementFailed.class, List.of(Topics.PAYMENTS_SETTLEMENTS));

  /** In the order the AsyncAPI document lists them. */
  public static final List<EventType<?>> ALL =
      List.of(
          CHARGE_ACCEPTED,
          CHARGE_RELEASED,
          SETTLEMENT_SUBMITTED,
          SETTLEMENT_CONFIRMED,
          SETTLEMENT_FAILED);
}
