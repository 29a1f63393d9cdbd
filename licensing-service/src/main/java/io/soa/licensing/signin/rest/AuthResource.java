package io.soa.licensing.signin.rest;

import io.smallrye.mutiny.Uni;
import io.soa.licensing.signin.SignIn;
import io.soa.platform.validation.CleanText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.web3j.utils.Numeric;

/** Sign-In with Ethereum: a nonce, then the signed message for a token. */
@Path("/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {
  private final SignIn signIn;

  public AuthResource(SignIn signIn) {
    this.signIn = signIn;
  }

  @POST
  @Path("/nonce")
  @Operation(
      summary = "A single-use nonce for a Sign-In with Ethereum message",
      description =
          "Also says what the message must name: domain, URI and chain id. The nonce expires"
              + " after soa.siwe.nonce-ttl (5 minutes by default).")
  public Uni<SignIn.Challenge> nonce() {
    return signIn.challenge();
  }

  /** The message exactly as the wallet signed it, and the signature. */
  @Schema(description = "An EIP-4361 message and its EIP-191 (personal_sign) signature")
  public record SignInRequest(
      @NotNull
          @Size(max = 4096)
          @Schema(
              description = "The message, lines separated by LF, exactly as signed",
              examples =
                  "localhost:8082 wants you to sign in with your Ethereum account:\n"
                      + "0x70997970C51812dc3A010C7d01b50e0d17dc79C8\n\n"
                      + "Sign in to SOA.\n\n"
                      + "URI: http://localhost:8082\nVersion: 1\nChain ID: 31337\n"
                      + "Nonce: 3kX9q2LmPz8RtV5wYb1cNd4F\n"
                      + "Issued At: 2026-12-01T15:00:00.000Z")
          String message,
      @NotNull
          @Pattern(regexp = "^0x[0-9a-fA-F]{130}$")
          @Schema(description = "65 bytes r‖s‖v, hex")
          String signature) {}

  /** A signed-in session. */
  public record SessionView(
      @Schema(description = "The address signed in, lower-case") String address,
      @Schema(description = "A platform JWT (Authorization: Bearer) for every service")
          String token,
      Instant expiresAt) {}

  @POST
  @Path("/siwe")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Sign in with Ethereum (EIP-4361)",
      description =
          "Checks every field the spec requires, the signer and the nonce (once). Refusals:"
              + " invalid-request (400, the message is not EIP-4361), siwe-wrong-domain,"
              + " siwe-wrong-chain, siwe-expired, siwe-bad-signature, siwe-nonce (401).")
  @APIResponse(responseCode = "200", description = "Signed in: the token and until when")
  @APIResponse(responseCode = "400", description = "Not an EIP-4361 message (problem details)")
  @APIResponse(responseCode = "401", description = "Refused: the type says why")
  public Uni<SessionView> siwe(@Valid @NotNull SignInRequest r) {
    CleanText.requireFields(r);
    byte[] sig = Numeric.hexStringToByteArray(r.signature());
    return signIn
        .signIn(r.message(), sig)
        .map(s -> new SessionView(s.address(), s.token(), s.expiresAt()));
  }
}
