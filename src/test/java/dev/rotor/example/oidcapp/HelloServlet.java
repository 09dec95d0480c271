package dev.rotor.example.oidcapp;

import jakarta.servlet.annotation.HttpConstraint;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A page only a signed-in user sees: who the container says is calling, and their roles. */
@WebServlet("/hello")
@ServletSecurity(@HttpConstraint(rolesAllowed = "user"))
public class HelloServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().print("<!doctype html><title>Hello</title><p id=\"hello\">Hello " + escape(request.getUserPrincipal().getName())
                + "</p><p id=\"roles\">user=" + request.isUserInRole("user") + " admin=" + request.isUserInRole("admin") + "</p>");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
