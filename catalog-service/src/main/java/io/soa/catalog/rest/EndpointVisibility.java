package io.soa.catalog.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who sees a model's {@code endpointUrl}: its developer and its token's owner. Stored documents
 * (what search and anonymous reads serve) leave it out; this adds it back for them.
 */
@ApplicationScoped
public class EndpointVisibility {
  private final CurrentIdentityAssociation identity;
  private final ObjectMapper json;

  public EndpointVisibility(CurrentIdentityAssociation identity, ObjectMapper json) {
    this.identity = identity;
    this.json = json;
  }

  /**
   * The caller's address, or null: resolved off the event loop (lazy authentication); a token that
   * does not verify reads as anonymous on a public endpoint.
   */
  Uni<String> caller() {
    return identity
        .getDeferredIdentity()
        .map(
            i ->
                i == null || i.isAnonymous()
                    ? null
                    : i.getPrincipal() instanceof JsonWebToken t
                        ? t.getSubject()
                        : i.getPrincipal().getName())
        .onFailure()
        .recoverWithNull();
  }

  /** {@code document} as {@code caller} may see it. */
  String document(
      String document, String endpointUrl, String caller, String developer, String tokenOwner) {
    boolean owns =
        caller != null
            && (caller.equalsIgnoreCase(developer) || caller.equalsIgnoreCase(tokenOwner));
    return owns ? withEndpoint(document, endpointUrl) : document;
  }

  /** The stored (public) document with the endpoint added: for the model's developer or owner. */
  String withEndpoint(String document, String endpointUrl) {
    if (endpointUrl == null) {
      return document;
    }
    try {
      ObjectNode node = (ObjectNode) json.readTree(document);
      node.put("endpointUrl", endpointUrl);
      return json.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
