package cn.escrow.people;

import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.Handle;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** People who sign in with HTTP Basic. */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "People")
@SecurityRequirement(name = "basic")
public class UserResource {

    private final UserService users;
    private final Callers callers;

    public UserResource(UserService users, Callers callers) {
        this.users = users;
        this.callers = callers;
    }

    /** A new user; the password is hashed with bcrypt and never stored or logged in clear. */
    public record CreateUser(
            @NotNull(message = "is required") @Handle String username,
            @NotNull(message = "is required") @Size(min = 12, max = 128, message = "must be 12-128 characters") String password,
            @NotEmpty(message = "must name at least one role")
            List<@NotNull(message = "must not be null") @Pattern(regexp = "^(ADMIN|SUPERVISOR|AUDITOR|ENTERPRISE)$",
                    message = "must be one of ADMIN, SUPERVISOR, AUDITOR, ENTERPRISE") String> roles,
            @Schema(description = "Required for (and only for) the ENTERPRISE role") Long enterpriseId) {
    }

    /** A user as the API shows it: never the password or its hash. */
    public record UserView(String username, List<String> roles, Long enterpriseId) {
        static UserView of(AppUser user) {
            return new UserView(user.username, Arrays.asList(user.roles.split(",")), user.enterpriseId);
        }
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "createUser", summary = "Create a user", description = "Role: ADMIN. Password at least 12 characters; ENTERPRISE users need enterpriseId.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed")
    @APIResponse(responseCode = "403", description = "forbidden: not ADMIN")
    @APIResponse(responseCode = "409", description = "conflict: the username exists")
    @APIResponse(responseCode = "422", description = "unknown-reference: no such enterprise")
    public Response create(@Valid @NotNull(message = "a JSON body is required") CreateUser request) {
        AppUser user = users.create(callers.person(), request.username(), request.password(),
                Set.copyOf(request.roles()), request.enterpriseId());
        return Response.created(URI.create("/api/v1/users/" + user.username)).entity(UserView.of(user)).build();
    }
}
