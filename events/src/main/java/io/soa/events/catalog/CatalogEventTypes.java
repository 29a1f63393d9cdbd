package io.soa.events.catalog;

import io.soa.events.EventType;
import io.soa.events.Topics;
import java.util.List;

/** The event types of catalog-service. */
public final class CatalogEventTypes {
  private CatalogEventTypes() {}

  public static final EventType<ModelRegistered> MODEL_REGISTERED =
      new EventType<>(ModelRegistered.TYPE, ModelRegistered.class, List.of(Topics.CATALOG_MODELS));

  public static final EventType<ModelTokenized> MODEL_TOKENIZED =
      new EventType<>(ModelTokenized.TYPE, ModelTokenized.class, List.of(Topics.CATALOG_MODELS));

  public static final EventType<ModelUpdated> MODEL_UPDATED =
      new EventType<>(ModelUpdated.TYPE, ModelUpdated.class, List.of(Topics.CATALOG_MODELS));

  public static final EventType<ModelVersionPublished> MODEL_VERSION_PUBLISHED =
      new EventType<>(
          ModelVersionPublished.TYPE, ModelVersionPublished.class, List.of(Topics.CATALOG_MODELS));

  public static final EventType<ModelOwnerChanged> MODEL_OWNER_CHANGED =
      new EventType<>(
          ModelOwnerChanged.TYPE, ModelOwnerChanged.class, List.of(Topics.CATALOG_MODELS));

  public static final EventType<UsagePriceChanged> USAGE_PRICE_CHANGED =
      new EventType<>(
          UsagePriceChanged.TYPE, UsagePriceChanged.class, List.of(Topics.CATALOG_MODELS));

  public static final EventType<ModelDelisted> MODEL_DELISTED =
      new EventType<>(ModelDelisted.TYPE, ModelDelisted.class, List.of(Topics.CATALOG_MODELS));

  public static final EventType<ModelRelisted> MODEL_RELISTED =
      new EventType<>(ModelRelisted.TYPE, ModelRelisted.class, List.of(Topics.CATALOG_MODELS));

  public static final EventType<ListingChanged> LISTING_CHANGED =
      new EventType<>(ListingChanged.TYPE, ListingChanged.class, List.of(Topics.CATALOG_MARKET));

  public static final EventType<TokenSold> TOKEN_SOLD =
      new EventType<>(TokenSold.TYPE, TokenSold.class, List.of(Topics.CATALOG_MARKET));

  /** In the order the AsyncAPI document lists them. */
  public static final List<EventType<?>> ALL =
      List.of(
          MODEL_REGISTERED,
          MODEL_TOKENIZED,
          MODEL_UPDATED,
          MODEL_VERSION_PUBLISHED,
          MODEL_OWNER_CHANGED,
          USAGE_PRICE_CHANGED,
          MODEL_DELISTED,
          MODEL_RELISTED,
          LISTING_CHANGED,
          TOKEN_SOLD);
}
