package cn.escrow.platform.error;

/** 415 {@code unsupported-media-type}: an attachment whose content is not a PDF, JPEG or PNG, whatever its header said. */
public class UnsupportedFileType extends ProblemException {
    public UnsupportedFileType() {
        super("The file is not a PDF, JPEG or PNG (judged from its content, not its Content-Type)");
    }

    @Override
    public Problem problem() {
        return Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, getMessage());
    }
}
