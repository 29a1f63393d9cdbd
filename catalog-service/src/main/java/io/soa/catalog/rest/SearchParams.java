package io.soa.catalog.rest;

import io.soa.catalog.domain.ModelState;
import io.soa.catalog.repository.ModelQueries.Search;
import io.soa.catalog.repository.ModelQueries.Sort;
import io.soa.platform.error.Invalid;
import io.soa.platform.openapi.SharedSchemas;
import io.soa.platform.types.Address;
import io.soa.platform.validation.CleanText;
import jakarta.ws.rs.QueryParam;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The query parameters of a model search, as given, and their one reading into a {@link Search}:
 * every bad value is a 400 naming its parameter. Cursors are opaque to clients; this is their one
 * codec.
 */
public class SearchParams {
  @Parameter(
      description = "Words to find (web search syntax: quotes, -word, or)",
      example = "sentiment classifier",
      schema = @Schema(type = SchemaType.STRING, maxLength = 200))
  @QueryParam("q")
  public String q;

  @Parameter(schema = @Schema(type = SchemaType.STRING, maxLength = 64))
  @QueryParam("task")
  public String task;

  @Parameter(schema = @Schema(type = SchemaType.STRING, maxLength = 64))
  @QueryParam("framework")
  public String framework;

  @Parameter(schema = @Schema(type = SchemaType.STRING, maxLength = 64))
  @QueryParam("modality")
  public String modality;

  @Parameter(schema = @Schema(type = SchemaType.STRING, maxLength = 64))
  @QueryParam("tag")
  public String tag;

  @Parameter(
      description = "Address: the token owner, or the developer before tokenization",
      schema = @Schema(ref = SharedSchemas.ADDRESS))
  @QueryParam("owner")
  public String owner;

  @Parameter(
      description = "draft, tokenized, deprecated or delisted",
      schema =
          @Schema(
              type = SchemaType.STRING,
              maxLength = 16,
              enumeration = {"draft", "tokenized", "deprecated", "delisted"}))
  @QueryParam("state")
  public String state;

  @Parameter(
      description = "true: only models with a pay-per-use price; false: only without",
      schema =
          @Schema(
              type = SchemaType.STRING,
              maxLength = 16,
              enumeration = {"true", "false"}))
  @QueryParam("payPerUse")
  public String payPerUse;

  @Parameter(
      description =
          "true: only models whose token or a licence of it is listed on the marketplace (by a"
              + " seller who still holds it); false: only others",
      schema =
          @Schema(
              type = SchemaType.STRING,
              maxLength = 16,
              enumeration = {"true", "false"}))
  @QueryParam("forSale")
  public String forSale;

  @Parameter(schema = @Schema(ref = SharedSchemas.UINT256))
  @QueryParam("minPrice")
  public String minPrice;

  @Parameter(schema = @Schema(ref = SharedSchemas.UINT256))
  @QueryParam("maxPrice")
  public String maxPrice;

  @Parameter(
      description =
          "relevance (default with q), newest (default), oldest, name, price, lastSalePrice (the"
              + " newest marketplace sale of the model's token or licences, lowest first; models"
              + " never sold are left out)",
      schema =
          @Schema(
              type = SchemaType.STRING,
              maxLength = 16,
              enumeration = {"relevance", "newest", "oldest", "name", "price", "lastSalePrice"}))
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

  /** The search these parameters ask for. */
  Search toSearch() {
    for (String[] f :
        new String[][] {
          {"task", task}, {"framework", framework}, {"modality", modality}, {"tag", tag}
        }) {
      if (f[1] != null && f[1].length() > 64) {
        throw Invalid.field(f[0], "must be at most 64 characters");
      }
    }
    CleanText.require("q", q);
    CleanText.require("task", task);
    CleanText.require("framework", framework);
    CleanText.require("modality", modality);
    CleanText.require("tag", tag);
    Sort order =
        sort == null
            ? (q != null && !q.isBlank() ? Sort.RELEVANCE : Sort.NEWEST)
            : parseEnum(Sort.class, "sort", sort.strip().replaceAll("([a-z])([A-Z])", "$1_$2"));
    String query = q == null || q.isBlank() ? null : q.strip();
    if (query != null && query.length() > 200) {
      throw Invalid.field("q", "must be at most 200 characters");
    }
    if (order == Sort.RELEVANCE && query == null) {
      throw Invalid.field("sort", "relevance needs a query q");
    }
    String afterKey = null;
    UUID afterId = null;
    if (cursor != null) {
      String[] c = decodeCursor(cursor);
      if (!c[0].equals(order.name())) {
        throw Invalid.field("cursor", "was made for sort=" + c[0].toLowerCase(Locale.ROOT));
      }
      afterKey = c[1];
      afterId = UUID.fromString(c[2]);
    }
    return new Search(
        query,
        blankToNull(task),
        blankToNull(framework),
        blankToNull(modality),
        tag == null ? null : tag.strip().toLowerCase(Locale.ROOT),
        owner == null ? null : address("owner", owner),
        state == null ? null : parseEnum(ModelState.class, "state", state),
        payPerUse == null ? null : parseBoolean("payPerUse", payPerUse),
        forSale == null ? null : parseBoolean("forSale", forSale),
        amount("minPrice", minPrice),
        amount("maxPrice", maxPrice),
        order,
        limit == null ? 20 : parseInt("limit", limit, 1, 100),
        afterKey,
        afterId);
  }

  /** The problem of a cursor that decodes but does not fit the data (a tampered key). */
  static Invalid badCursor() {
    return Invalid.field("cursor", "not a cursor of this API; pass nextCursor as given");
  }

  static String encodeCursor(Sort sort, String key, UUID id) {
    String raw = sort.name() + "\n" + key + "\n" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static String[] decodeCursor(String cursor) {
    try {
      if (cursor.length() > 512) {
        throw new IllegalArgumentException("longer than any cursor of this API");
      }
      String[] c =
          new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", -1);
      if (c.length != 3) {
        throw new IllegalArgumentException();
      }
      Sort.valueOf(c[0]);
      UUID.fromString(c[2]);
      return c;
    } catch (IllegalArgumentException e) {
      throw badCursor();
    }
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, String field, String value) {
    try {
      return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Invalid.field(
          field,
          "must be one of "
              + Arrays.stream(type.getEnumConstants())
                  .map(c -> c.name().toLowerCase(Locale.ROOT))
                  .toList());
    }
  }

  private static int parseInt(String field, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw Invalid.field(field, "must be an integer from " + min + " to " + max);
  }

  private static boolean parseBoolean(String field, String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw Invalid.field(field, "must be true or false");
    };
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

  private static String address(String field, String value) {
    if (!Address.isValid(value)) {
      throw Invalid.field(field, "must be an address: 0x followed by 40 hex digits");
    }
    return Address.of(value).value();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
