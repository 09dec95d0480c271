package dev.rotor.example.oidcapp;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The redirect URI. Jakarta Security's mechanism handles the callback before this runs and sends
 * the browser back to the page it first asked for; reaching here means that did not happen.
 */
@WebServlet("/callback")
public class CallbackServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().print("callback reached: " + (request.getUserPrincipal() == null ? "not signed in" : request.getUserPrincipal().getName()));
    }
}
