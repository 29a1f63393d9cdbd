package io.soa.catalog.rest;

import io.soa.catalog.repository.MarketQueries.ListingSearch;
import io.soa.catalog.repository.MarketQueries.Sort;
import io.soa.platform.error.Invalid;
import io.soa.platform.openapi.SharedSchemas;
import io.soa.platform.types.Address;
import jakarta.ws.rs.QueryParam;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The query parameters of a listing search and their one reading into a {@link ListingSearch}:
 * every bad value is a 400 naming its parameter. Cursors are opaque; this is their codec.
 */
public class ListingParams {
  @Parameter(
      description = "model (the model token) or license (licence tokens)",
      schema =
          @Schema(
              type = SchemaType.STRING,
              maxLength = 16,
              enumeration = {"model", "license"}))
  @QueryParam("kind")
  public String kind;

  @Parameter(
      description = "Catalog model id: listings of its token and of its licences",
      schema = @Schema(type = SchemaType.STRING, format = "uuid", maxLength = 36))
  @QueryParam("model")
  public String model;

  @Parameter(description = "Address of the seller", schema = @Schema(ref = SharedSchemas.ADDRESS))
  @QueryParam("seller")
  public String seller;

  @Parameter(
      description = "Lowest price, $SOA base units",
      schema = @Schema(ref = SharedSchemas.UINT256))
  @QueryParam("minPrice")
  public String minPrice;

  @Parameter(
      description = "Highest price, $SOA base units",
      schema = @Schema(ref = SharedSchemas.UINT256))
  @QueryParam("maxPrice")
  public String maxPrice;

  @Parameter(
      description = "true (default): open listings; false: cancelled or sold; any: both",
      schema =
          @Schema(
              type = SchemaType.STRING,
              maxLength = 16,
              enumeration = {"true", "false", "any"}))
  @QueryParam("active")
  public String active;

  @Parameter(
      description = "newest (default), oldest, or price (cheapest first)",
      schema =
          @Schema(
              type = SchemaType.STRING,
              maxLength = 16,
              enumeration = {"newest", "oldest", "price"}))
  @QueryParam("sort")
  public String sort;

  @Parameter(
      schema =
          @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "20"))
  @QueryParam("limit")
  public String limit;

  @Parameter(schema = @Schema(type = SchemaType.STRING, maxLength = 512))
  @QueryParam("cursor")
  public String cursor;

  /** The catalog model asked for, if any (its token is looked up by the caller of this). */
  UUID modelId() {
    if (model == null) {
      return null;
    }
    try {
      return UUID.fromString(model.strip());
    } catch (IllegalArgumentException e) {
      throw Invalid.field("model", "must be a catalog model id (UUID)");
    }
  }

  ListingSearch toSearch(String modelToken) {
    Sort order = sort == null ? Sort.NEWEST : parseSort(sort);
    String afterKey = null;
    String afterId = null;
    if (cursor != null) {
      String[] c = decodeCursor(cursor);
      if (!c[0].equals(order.name())) {
        throw Invalid.field("cursor", "was made for sort=" + c[0].toLowerCase(Locale.ROOT));
      }
      afterKey = c[1];
      afterId = c[2];
    }
    return new ListingSearch(
        kind == null ? null : parseKind(kind),
        modelToken,
        seller == null ? null : address(seller),
        amount("minPrice", minPrice),
        amount("maxPrice", maxPrice),
        active == null ? Boolean.TRUE : parseActive(active),
        order,
        limit == null ? 20 : parseLimit(limit),
        afterKey,
        afterId);
  }

  static String encodeCursor(Sort sort, String key, String eventId) {
    String raw = sort.name() + "\n" + key + "\n" + eventId;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** The problem of a cursor that decodes but does not fit the data (a tampered key). */
  static Invalid badCursor() {
    return Invalid.field("cursor", "not a cursor of this API; pass nextCursor as given");
  }

  private static String[] decodeCursor(String cursor) {
    try {
      if (cursor.length() > 512) {
        throw new IllegalArgumentException("longer than any cursor of this API");
      }
      String[] c =
          new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", -1);
      if (c.length != 3 || c[2].isEmpty() || !c[1].matches("^[0-9]{1,78}$")) {
        throw new IllegalArgumentException();
      }
      Sort.valueOf(c[0]);
      return c;
    } catch (IllegalArgumentException e) {
      throw badCursor();
    }
  }

  private static Sort parseSort(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "newest" -> Sort.NEWEST;
      case "oldest" -> Sort.OLDEST;
      case "price" -> Sort.PRICE;
      default -> throw Invalid.field("sort", "must be one of [newest, oldest, price]");
    };
  }

  private static String parseKind(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "model" -> "model";
      case "license" -> "license";
      default -> throw Invalid.field("kind", "must be model or license");
    };
  }

  private static Boolean parseActive(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      case "any" -> null;
      default -> throw Invalid.field("active", "must be true, false or any");
    };
  }

  private static int parseLimit(String value) {
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= 1 && n <= 100) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw Invalid.field("limit", "must be an integer from 1 to 100");
  }

  private static BigInteger amount(String field, String value) {
    if (value == null) {
      return null;
    }
    if (!value.matches("^(0|[1-9][0-9]{0,77})$")) {
      throw Invalid.field(field, "must be a non-negative integer of base units");
    }
    return new BigInteger(value);
  }

  private static String address(String value) {
    if (!Address.isValid(value)) {
      throw Invalid.field("seller", "must be an address: 0x followed by 40 hex digits");
    }
    return Address.of(value).value();
  }
}
