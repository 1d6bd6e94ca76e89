package cn.escrow.platform;

import cn.escrow.platform.error.ValidationFailed;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** A page of a list: {@code page} from 0, {@code size} up to {@code escrow.paging.max-size}. */
public record PageRequest(int page, int size) {

    public static final String TOTAL_HEADER = "X-Total-Count";

    public static PageRequest of(Integer page, Integer size, EscrowConfig config) {
        int p = page == null ? 0 : page;
        int s = size == null ? config.paging().defaultSize() : size;
        if (p < 0 || p > 1_000_000) {
            throw new ValidationFailed("page", "must be between 0 and 1000000");
        }
        if (s < 1 || s > config.paging().maxSize()) {
            throw new ValidationFailed("size", "must be between 1 and " + config.paging().maxSize());
        }
        return new PageRequest(p, s);
    }

    public int offset() {
        return page * size;
    }

    /** A JSON array of the page's items, with the total count in {@value #TOTAL_HEADER}. */
    public static <T> Response respond(List<T> items, long total) {
        return Response.ok(items).header(TOTAL_HEADER, total).build();
    }
}
