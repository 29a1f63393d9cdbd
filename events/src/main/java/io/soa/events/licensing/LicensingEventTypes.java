package io.soa.events.licensing;

import io.soa.events.EventType;
import io.soa.events.Topics;
import java.util.List;

/** The event types of licensing-service: entitlements and access decisions. */
public final class LicensingEventTypes {
  private LicensingEventTypes() {}

  public static final EventType<EntitlementGranted> ENTITLEMENT_GRANTED =
      new EventType<>(
          EntitlementGranted.TYPE,
          EntitlementGranted.class,
          List.of(Topics.LICENSING_ENTITLEMENTS));

  public static final EventType<EntitlementTransferred> ENTITLEMENT_TRANSFERRED =
      new EventType<>(
          EntitlementTransferred.TYPE,
          EntitlementTransferred.class,
          List.of(Topics.LICENSING_ENTITLEMENTS));

  public static final EventType<EntitlementExhausted> ENTITLEMENT_EXHAUSTED =
      new EventType<>(
          EntitlementExhausted.TYPE,
          EntitlementExhausted.class,
          List.of(Topics.LICENSING_ENTITLEMENTS));

  public static final EventType<EntitlementExpired> ENTITLEMENT_EXPIRED =
      new EventType<>(
          EntitlementExpired.TYPE,
          EntitlementExpired.class,
          List.of(Topics.LICENSING_ENTITLEMENTS));

  public static final EventType<EntitlementRevoked> ENTITLEMENT_REVOKED =
      new EventType<>(
          EntitlementRevoked.TYPE,
          EntitlementRevoked.class,
          List.of(Topics.LICENSING_ENTITLEMENTS));

  public static final EventType<AccessGranted> ACCESS_GRANTED =
      new EventType<>(AccessGranted.TYPE, AccessGranted.class, List.of(Topics.LICENSING_ACCESS));

  public static final EventType<AccessDenied> ACCESS_DENIED =
      new EventType<>(AccessDenied.TYPE, AccessDenied.class, List.of(Topics.LICENSING_ACCESS));

  /** In the order the AsyncAPI document lists them. */
  public static final List<EventType<?>> ALL =
      List.of(
          ENTITLEMENT_GRANTED,
          ENTITLEMENT_TRANSFERRED,
          ENTITLEMENT_EXHAUSTED,
          ENTITLEMENT_EXPIRED,
          ENTITLEMENT_REVOKED,
          ACCESS_GRANTED,
          ACCESS_DENIED);
}
