package cn.escrow.people;

import cn.escrow.people.UserAccounts.AccountView;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.security.DivisionScope;
import cn.escrow.platform.validation.DivisionCode;
import cn.escrow.platform.validation.Handle;
import cn.escrow.platform.validation.RequiredBody;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** People who sign in with HTTP Basic: creation and the account lifecycle (ADMIN), and one's own password. */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "People")
@SecurityRequirement(name = "basic")
public class UserResource {

    private static final String POLICY = "Password policy: at least 12 characters, at least 3 of upper case, lower case, "
            + "digits and other characters, not containing the username, not a well-known weak password (400 "
            + "validation-failed naming the rule).";

    private final UserService users;
    private final UserAccounts accounts;
    private final Callers callers;
    private final EscrowConfig config;

    public UserResource(UserService users, UserAccounts accounts, Callers callers, EscrowConfig config) {
        this.users = users;
        this.accounts = accounts;
        this.callers = callers;
        this.config = config;
    }

    /** A new user; the password is hashed with bcrypt and never stored or logged in clear. */
    public record CreateUser(
            @NotNull @Handle String username,
            @NotNull @Size(max = PasswordPolicy.MAX_LENGTH, message = "must be at most 128 characters") String password,
            @NotEmpty(message = "must name at least one role")
            List<@NotNull(message = "must not be null") @Pattern(regexp = "^(ADMIN|SUPERVISOR|AUDITOR|ENTERPRISE|MONITOR)$",
                    message = "must be one of ADMIN, SUPERVISOR, AUDITOR, ENTERPRISE, MONITOR") String> roles,
            @Schema(description = "Required for (and only for) the ENTERPRISE role") Long enterpriseId,
            @Schema(description = "SUPERVISOR or AUDITOR only: the GB/T 2260 divisions the person is limited to (a county; "
                    + "a city code ending 00: its counties; a province code ending 0000). Absent or empty: the whole system.")
            @Size(max = 60) List<@NotNull @DivisionCode String> divisions) {
    }

    /** A person's new divisions; empty: the whole system. */
    public record ChangeDivisions(@NotNull @Size(max = 60) List<@NotNull @DivisionCode String> divisions) {
    }

    /** A user as its creation shows it: never the password or its hash. */
    public record UserView(String username, List<String> roles, Long enterpriseId, List<String> divisions) {
        static UserView of(AppUser user) {
            return new UserView(user.username, user.roleList(), user.enterpriseId, user.divisionList());
        }
    }

    public record PasswordReset(@NotNull @Size(max = PasswordPolicy.MAX_LENGTH,
            message = "must be at most 128 characters") String newPassword) {
    }

    public record PasswordChange(
            @NotNull @Size(max = PasswordPolicy.MAX_LENGTH, message = "must be at most 128 characters") String currentPassword,
            @NotNull @Size(max = PasswordPolicy.MAX_LENGTH, message = "must be at most 128 characters") String newPassword) {
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "createUser", summary = "Create a user", description = "Role: ADMIN. ENTERPRISE users need enterpriseId; ENTERPRISE and MONITOR "
            + "cannot be combined with another role. " + POLICY)
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed")
    @APIResponse(responseCode = "409", description = "conflict: the username exists")
    @APIResponse(responseCode = "422", description = "unknown-reference: no such enterprise")
    public Response create(@Valid @RequiredBody CreateUser request) {
        AppUser user = users.create(callers.person(), request.username(), request.password(),
                Set.copyOf(request.roles()), request.enterpriseId(),
                request.divisions() == null ? DivisionScope.ALL : DivisionScope.of(Set.copyOf(request.divisions())), false);
        return Response.created(URI.create("/api/v1/users/" + user.username)).entity(UserView.of(user)).build();
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "listUsers", summary = "List users", description = "Role: ADMIN. By username; the total is in X-Total-Count.")
    @APIResponse(responseCode = "200", description = "A page of accounts", content = @Content(schema = @Schema(implementation = AccountView[].class)))
    @APIResponse(responseCode = "400", description = "validation-failed: bad page or size")
    public Response list(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        var found = accounts.list(PageRequest.of(page, size, config));
        return PageRequest.respond(found.items(), found.total());
    }

    @GET
    @Path("/{username}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "getUser", summary = "Get a user", description = "Role: ADMIN. lockedUntil is set only while a lockout lasts.")
    @APIResponse(responseCode = "200", description = "The account", content = @Content(schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public AccountView get(@PathParam("username") String username) {
        return accounts.get(username);
    }

    @POST
    @Path("/{username}/disablement")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "disableUser", summary = "Disable a user", description = "Role: ADMIN. The person is refused 401 from then on; disabling twice "
            + "changes nothing. The last enabled ADMIN cannot be disabled.")
    @APIResponse(responseCode = "200", description = "Disabled", content = @Content(schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "409", description = "conflict: the last enabled ADMIN")
    public AccountView disable(@PathParam("username") String username) {
        return accounts.disable(callers.person(), username);
    }

    @DELETE
    @Path("/{username}/disablement")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "enableUser", summary = "Enable a user again", description = "Role: ADMIN.")
    @APIResponse(responseCode = "200", description = "Enabled", content = @Content(schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public AccountView enable(@PathParam("username") String username) {
        return accounts.enable(callers.person(), username);
    }

    @POST
    @Path("/{username}/password-resets")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "resetUserPassword", summary = "Reset a user's password", description = "Role: ADMIN. The person must change it at next use: until "
            + "then every other call answers 403 password-change-required. A lockout stays (DELETE .../lock ends it). " + POLICY)
    @APIResponse(responseCode = "204", description = "Reset")
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed (the rule broken)")
    @APIResponse(responseCode = "404", description = "not-found")
    public void resetPassword(@PathParam("username") String username,
                              @Valid @RequiredBody PasswordReset request) {
        accounts.resetPassword(callers.person(), username, request.newPassword());
    }

    @PUT
    @Path("/{username}/divisions")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "changeUserDivisions", summary = "Limit a person to divisions", description = "Role: ADMIN. "
            + "SUPERVISOR and AUDITOR accounts only; an empty list gives the whole system. Takes effect at the next request.")
    @APIResponse(responseCode = "200", description = "The account", content = @Content(schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public UserView changeDivisions(@PathParam("username") String username, @Valid @RequiredBody ChangeDivisions request) {
        return UserView.of(users.changeDivisions(callers.person(), username, DivisionScope.of(Set.copyOf(request.divisions()))));
    }

    @DELETE
    @Path("/{username}/lock")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "unlockUser", summary = "End a lockout", description = "Role: ADMIN. Ends a lockout after failed logins and forgets the "
            + "failures counted so far.")
    @APIResponse(responseCode = "204", description = "Unlocked")
    @APIResponse(responseCode = "404", description = "not-found")
    public void unlock(@PathParam("username") String username) {
        accounts.unlock(callers.person(), username);
    }

    @PUT
    @Path("/me/password")
    @Authenticated
    @Operation(operationId = "changeOwnPassword", summary = "Change your own password", description = "Any person, also one who must change their password "
            + "(the only call they may make). currentPassword is checked again; the new one must differ from it. " + POLICY)
    @APIResponse(responseCode = "204", description = "Changed")
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed (wrong currentPassword, or the rule "
            + "the new one breaks)")
    @APIResponse(responseCode = "403", description = "forbidden: a cross-site request")
    public void changeOwnPassword(@Valid @RequiredBody PasswordChange request) {
        accounts.changeOwnPassword(callers.personChangingPassword(), request.currentPassword(), request.newPassword());
    }
}
