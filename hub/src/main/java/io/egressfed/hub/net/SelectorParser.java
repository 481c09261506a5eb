package io.egressfed.hub.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recursive-descent parser of the Kubernetes selector string form:
 * <pre>
 *   selector    := "" | requirement ("," requirement)*
 *   requirement := "!" key | key | key ("=" | "==" | "!=") value? | key ("in" | "notin") "(" values ")"
 * </pre>
 * Syntax errors stop the parse; key and value errors are collected so that all of them are reported.
 */
final class SelectorParser {
    private enum Kind { IDENTIFIER, BANG, EQUALS, NOT_EQUALS, COMMA, OPEN, CLOSE, IN, NOT_IN, END }

    private record Token(Kind kind, String text, int position) {
        String describe() {
            return kind == Kind.END ? "end of input" : "\"" + text + "\"";
        }
    }

    private final String text;
    private final List<Token> tokens;
    private final List<InvalidSelectorException.Problem> problems = new ArrayList<>();
    private int cursor;

    SelectorParser(String text) {
        this.text = text == null ? "" : text;
        this.tokens = tokenize(this.text);
    }

    Selector parse() {
        List<Requirement> requirements = new ArrayList<>();
        if (peek().kind() != Kind.END) {
            do {
                Requirement requirement = requirement();
                if (requirement != null) {
                    requirements.add(requirement);
                }
            } while (acceptComma());
            Token rest = peek();
            if (rest.kind() != Kind.END) {
                throw syntax(rest, "expected ',' or end of input, found " + rest.describe());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSelectorException(problems);
        }
        return new Selector(requirements);
    }

    private boolean acceptComma() {
        if (peek().kind() == Kind.COMMA) {
            cursor++;
            return true;
        }
        return false;
    }

    private Requirement requirement() {
        Token first = next();
        if (first.kind() == Kind.BANG) {
            String key = key(next());
            return key == null ? null : new Requirement(key, Requirement.Operator.DOES_NOT_EXIST, List.of());
        }
        String key = key(first);
        Token operator = peek();
        return switch (operator.kind()) {
            case END, COMMA -> key == null ? null : new Requirement(key, Requirement.Operator.EXISTS, List.of());
            case EQUALS, NOT_EQUALS -> {
                cursor++;
                String value = singleValue();
                Requirement.Operator op = operator.kind() == Kind.EQUALS
                        ? Requirement.Operator.IN : Requirement.Operator.NOT_IN;
                yield key == null || value == null ? null : new Requirement(key, op, List.of(value));
            }
            case IN, NOT_IN -> {
                cursor++;
                List<String> values = valueSet(key, operator);
                Requirement.Operator op = operator.kind() == Kind.IN
                        ? Requirement.Operator.IN : Requirement.Operator.NOT_IN;
                yield key == null || values == null ? null : new Requirement(key, op, values);
            }
            default -> throw syntax(operator,
                    "expected '=', '!=', 'in', 'notin', ',' or end of input after key, found " + operator.describe());
        };
    }

    /** Returns the key, or null after recording why it is not a valid key. */
    private String key(Token token) {
        if (token.kind() != Kind.IDENTIFIER) {
            throw syntax(token, "expected a label key, found " + token.describe());
        }
        return checked(token.text(), K8sNames.qualifiedNameProblem(token.text()));
    }

    private String singleValue() {
        Token token = peek();
        if (token.kind() == Kind.END || token.kind() == Kind.COMMA) {
            return "";
        }
        cursor++;
        return value(token);
    }

    private List<String> valueSet(String key, Token operator) {
        Token open = next();
        if (open.kind() != Kind.OPEN) {
            throw syntax(open, "expected '(' after \"" + operator.text() + "\", found " + open.describe());
        }
        List<String> values = new ArrayList<>();
        boolean valid = true;
        if (peek().kind() == Kind.CLOSE) {
            cursor++;
            problems.add(new InvalidSelectorException.Problem("",
                    "\"" + key + " " + operator.text() + " ()\" needs at least one value"));
            return null;
        }
        while (true) {
            Token token = peek();
            String value = "";
            if (token.kind() != Kind.COMMA && token.kind() != Kind.CLOSE) {
                cursor++;
                value = value(token);
            }
            valid &= value != null;
            values.add(value);
            Token separator = next();
            if (separator.kind() == Kind.CLOSE) {
                return valid ? values : null;
            }
            if (separator.kind() != Kind.COMMA) {
                throw syntax(separator, "expected ',' or ')' in value list, found " + separator.describe());
            }
        }
    }

    /** Returns the value, or null after recording why it is not a valid value. */
    private String value(Token token) {
        // As in Kubernetes, "in" and "notin" are ordinary words where a value is expected.
        boolean word = token.kind() == Kind.IDENTIFIER || token.kind() == Kind.IN || token.kind() == Kind.NOT_IN;
        if (!word) {
            throw syntax(token, "expected a label value, found " + token.describe());
        }
        return checked(token.text(), K8sNames.labelValueProblem(token.text()));
    }

    private String checked(String text, Optional<String> problem) {
        if (problem.isPresent()) {
            problems.add(new InvalidSelectorException.Problem("", problem.get()));
            return null;
        }
        return text;
    }

    private Token peek() {
        return tokens.get(cursor);
    }

    private Token next() {
        Token token = tokens.get(cursor);
        if (token.kind() != Kind.END) {
            cursor++;
        }
        return token;
    }

    private InvalidSelectorException syntax(Token token, String reason) {
        problems.add(new InvalidSelectorException.Problem("",
                "\"" + text + "\" at position " + token.position() + ": " + reason));
        return new InvalidSelectorException(problems);
    }

    private static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '!' && i + 1 < text.length() && text.charAt(i + 1) == '=') {
                tokens.add(new Token(Kind.NOT_EQUALS, "!=", i));
                i += 2;
            } else if (c == '=' && i + 1 < text.length() && text.charAt(i + 1) == '=') {
                tokens.add(new Token(Kind.EQUALS, "==", i));
                i += 2;
            } else if (isSpecial(c)) {
                tokens.add(new Token(specialKind(c), String.valueOf(c), i));
                i++;
            } else {
                int start = i;
                while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && !isSpecial(text.charAt(i))) {
                    i++;
                }
                String word = text.substring(start, i);
                Kind kind = switch (word) {
                    case "in" -> Kind.IN;
                    case "notin" -> Kind.NOT_IN;
                    default -> Kind.IDENTIFIER;
                };
                tokens.add(new Token(kind, word, start));
            }
        }
        tokens.add(new Token(Kind.END, "", text.length()));
        return tokens;
    }

    private static boolean isSpecial(char c) {
        return c == '!' || c == '=' || c == ',' || c == '(' || c == ')';
    }

    private static Kind specialKind(char c) {
        return switch (c) {
            case '!' -> Kind.BANG;
            case '=' -> Kind.EQUALS;
            case ',' -> Kind.COMMA;
            case '(' -> Kind.OPEN;
            default -> Kind.CLOSE;
        };
    }
}
