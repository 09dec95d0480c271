package dev.rotor;

import dev.rotor.browser.control.BrowserCookies;
import dev.rotor.problem.Problem;
import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * Every response: security headers. The pages (/account/, /admin/, /signin/, /signout/, /assets/) are served by the
 * container's default servlet, since JAX-RS owns every other path; API answers are
 * {@code no-store} by default ({@link NoStoreByDefault}).
 *
 * <p>A request that carries one of Rotor's cookies twice is refused with 401 and the cookies are
 * cleared, without ending any session: browsers send the cookie with the longest path first, so a
 * sibling subdomain could otherwise plant a cookie of the same name that shadows the real one.
 */
@jakarta.servlet.annotation.WebFilter(urlPatterns = "/*", dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ERROR},
        asyncSupported = true) // the revocation feed long-polls with AsyncResponse
public class SecurityHeadersAndPagesFilter extends HttpFilter {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    private static final List<String> PAGES = List.of("/account/", "/admin/", "/signin/", "/signout/", "/assets/");

    @Inject
    BrowserCookies cookies;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Frame-Options", "DENY");
        if (cookies.secure()) {
            response.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
        boolean page = isPage(path, request.getMethod());
        if (request.getDispatcherType() == DispatcherType.REQUEST && !page && cookies.hasDuplicates(request)) {
            refuseDuplicateCookies(response);
            return;
        }
        if (request.getDispatcherType() == DispatcherType.REQUEST && page) {
            if (path.equals("/account") || path.equals("/admin") || path.equals("/signin")) {
                response.sendRedirect(request.getContextPath() + path + "/");
                return;
            }
            response.setHeader("Cache-Control", "no-cache");
            String target = path.endsWith("/") ? path + "index.html" : path;
            request.getServletContext().getNamedDispatcher("default")
                    .forward(new PageRequest(request, target), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private void refuseDuplicateCookies(HttpServletResponse response) throws IOException {
        Problem problem = Problem.of("duplicate-cookies", "Unauthorized", 401,
                "The request carries a Rotor cookie more than once. The cookies were cleared; sign in again.");
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE);
        response.setHeader("Cache-Control", "no-store");
        cookies.clear().forEach(cookie -> response.addHeader("Set-Cookie", cookie));
        response.getWriter().write(problem.toJson().toString());
    }

    private static boolean isPage(String path, String method) {
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return false;
        }
        if (path.equals("/account") || path.equals("/admin") || path.equals("/signin")) {
            return true;
        }
        return PAGES.stream().anyMatch(path::startsWith) && !path.startsWith("/admin/api");
    }

    /** Presents the page's file path to the default servlet. */
    private static final class PageRequest extends jakarta.servlet.http.HttpServletRequestWrapper {
        private final String path;

        PageRequest(HttpServletRequest request, String path) {
            super(request);
            this.path = path;
        }

        @Override
        public String getServletPath() {
            return path;
        }

        @Override
        public String getPathInfo() {
            return null;
        }

        @Override
        public String getRequestURI() {
            return getContextPath() + path;
        }
    }
}
