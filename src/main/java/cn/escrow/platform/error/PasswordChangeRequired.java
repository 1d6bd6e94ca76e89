package cn.escrow.platform.error;

/** The person signed in with a password that was reset or generated: they change it (PUT /users/me/password) first. */
public class PasswordChangeRequired extends ProblemException {
    public PasswordChangeRequired() {
        super("Change your password first: PUT /api/v1/users/me/password");
    }

    @Override
    public Problem problem() {
        return Problem.of(ProblemType.PASSWORD_CHANGE_REQUIRED, getMessage());
    }
}
