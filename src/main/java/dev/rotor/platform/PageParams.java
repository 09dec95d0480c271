package dev.rotor.platform;

import jakarta.ws.rs.QueryParam;

/**
 * The {@code page} and {@code size} query values of a listing, as a {@code @BeanParam}. Read as text
 * so that a bad number is a 400 {@link InvalidPaging} problem, not the 404 JAX-RS gives a query
 * value it cannot convert.
 */
public class PageParams {

    public static final int DEFAULT_SIZE = 20;

    @QueryParam("page")
    String page;

    @QueryParam("size")
    String size;

    public PageRequest request() {
        return request(DEFAULT_SIZE);
    }

    public PageRequest request(int defaultSize) {
        return PageRequest.parse(page, size, defaultSize);
    }
}
