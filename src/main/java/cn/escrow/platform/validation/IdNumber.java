package cn.escrow.platform.validation;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.regex.Pattern;

/**
 * A buyer's identity document number: 1-32 characters without control characters; an
 * 18-character mainland resident ID number must carry a valid GB 11643 check character.
 */
@Documented
@Constraint(validatedBy = IdNumber.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface IdNumber {
    String message() default "must be 1-32 characters; an 18-character resident ID number needs a valid check character (GB 11643)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<IdNumber, String> {
        private static final Pattern SHAPE = Pattern.compile("[0-9A-Za-z()\\- ]{1,32}");

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            if (!SHAPE.matcher(value).matches()) {
                return false;
            }
            if (value.length() == 18 && value.chars().limit(17).allMatch(Character::isDigit)) {
                return CheckCharacters.isValidResidentId(value);
            }
            return true;
        }
    }
}
