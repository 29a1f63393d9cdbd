package io.soa.licensing.gateway.rest;

import io.soa.verifier.GatewaySigner;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The public key of the gateway's signatures on forwarded calls, for model servers to verify. */
@Path("/.well-known/jwks.json")
public class GatewayKeysResource {
  private final GatewaySigner signer;

  public GatewayKeysResource(GatewaySigner signer) {
    this.signer = signer;
  }

  @GET
  @Produces("application/jwk-set+json")
  @Operation(
      summary = "The gateway's signing keys (JWKS)",
      description =
          "Ed25519 (OKP) keys, kid = RFC 7638 thumbprint, of the RFC 9421 signatures on every call"
              + " the gateway forwards to a model (label soa, tag soa-gateway). A model server"
              + " checks them with the model-verifier module (PaidCallVerifier).")
  public String jwks() {
    return signer.jwks();
  }
}
