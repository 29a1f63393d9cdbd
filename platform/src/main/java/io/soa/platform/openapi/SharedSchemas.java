package io.soa.platform.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * The string forms every service's parameters share, as named components, so that a parameter says
 * {@code @Schema(ref = SharedSchemas.ADDRESS)} instead of repeating the pattern (each service's
 * {@code mp.openapi.filter}).
 */
public final class SharedSchemas implements OASFilter {
  /** An address: 0x and 40 hex digits, either case. */
  public static final String ADDRESS = "Address";

  /** A uint256 as a decimal string without leading zeros (ids, amounts in base units). */
  public static final String UINT256 = "Uint256";

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getComponents() == null) {
      openAPI.setComponents(OASFactory.createComponents());
    }
    openAPI
        .getComponents()
        .addSchema(ADDRESS, text("^0x[0-9a-fA-F]{40}$", 42, "An address (0x + 40 hex digits)."))
        .addSchema(
            UINT256,
            text("^(0|[1-9][0-9]{0,77})$", 78, "A uint256 in decimal, without leading zeros."));
  }

  private static Schema text(String pattern, int maxLength, String description) {
    return OASFactory.createSchema()
        .addType(Schema.SchemaType.STRING)
        .pattern(pattern)
        .maxLength(maxLength)
        .description(description);
  }
}
