//! Reading regorus's parsed modules (its `unstable` AST): paths of
//! references, the rules a module declares, and every expression and
//! binding inside a rule, walked without recursion.

use regorus::unstable::{Expr, Literal, Module, Query, Rule, RuleHead};

/// `data.a.b["c"]` → `data.a.b.c`; `None` for a reference with a computed
/// part (`data.a[x]`) or anything that is not a reference.
pub fn path_of(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Var { span, .. } => Some(span.text().to_string()),
        Expr::RefDot { refr, field, .. } => Some(format!("{}.{}", path_of(refr)?, field.0.text())),
        Expr::RefBrack { refr, index, .. } => match index.as_ref() {
            Expr::String { value, .. } => {
                Some(format!("{}.{}", path_of(refr)?, value.as_string().ok()?))
            }
            _ => None,
        },
        _ => None,
    }
}

/// The package of `module`, without `data.`: `modelgate.rules.a.b`.
pub fn package_of(module: &Module) -> String {
    path_of(&module.package.refr).unwrap_or_default()
}

/// What a rule declares: its name (`findings`, `f`, `a.b` for a ref head)
/// and whether it is a function.
pub struct Head<'m> {
    pub name: String,
    pub function: bool,
    pub span: &'m regorus::unstable::Span,
}

pub fn head_of(rule: &Rule) -> Option<Head<'_>> {
    match rule {
        Rule::Spec { head, .. } => {
            let (refr, function, span) = match head {
                RuleHead::Compr { refr, span, .. } => (refr, false, span),
                RuleHead::Set { refr, span, .. } => (refr, false, span),
                RuleHead::Func { refr, span, .. } => (refr, true, span),
            };
            Some(Head {
                name: path_of(refr)?,
                function,
                span,
            })
        }
        Rule::Default {
            refr, args, span, ..
        } => Some(Head {
            name: path_of(refr)?,
            function: !args.is_empty(),
            span,
        }),
    }
}

/// Every expression of `rule` (head values, arguments and bodies, `with`
/// modifiers included), outermost first.
pub fn expressions(rule: &Rule) -> Vec<&Expr> {
    let mut walk = Walk::default();
    match rule {
        Rule::Spec { head, bodies, .. } => {
            match head {
                RuleHead::Compr { assign, .. } => walk.assign(assign.as_ref()),
                RuleHead::Set { key, .. } => walk.exprs.extend(key.as_deref()),
                RuleHead::Func { args, assign, .. } => {
                    walk.exprs.extend(args.iter().map(|a| a.as_ref()));
                    walk.assign(assign.as_ref());
                }
            }
            for body in bodies {
                walk.assign(body.assign.as_ref());
                walk.queries.push(&body.query);
            }
        }
        Rule::Default { args, value, .. } => {
            walk.exprs.extend(args.iter().map(|a| a.as_ref()));
            walk.exprs.push(value);
        }
    }
    walk.run()
}

/// The names a rule binds as local variables (`x := …`, `some x`, `some
/// k, v in …`, `every x in …`, function arguments): a bare name among them
/// is not a reference to a rule of the same name.
pub fn bindings(rule: &Rule) -> Vec<String> {
    let mut names = Vec::new();
    let mut queries: Vec<&Query> = Vec::new();
    match rule {
        Rule::Spec { head, bodies, .. } => {
            if let RuleHead::Func { args, .. } = head {
                args.iter().for_each(|a| vars_in(a, &mut names));
            }
            queries.extend(bodies.iter().map(|b| b.query.as_ref()));
        }
        Rule::Default { args, .. } => args.iter().for_each(|a| vars_in(a, &mut names)),
    }
    for expr in expressions(rule) {
        match expr {
            Expr::ArrayCompr { query, .. }
            | Expr::SetCompr { query, .. }
            | Expr::ObjectCompr { query, .. } => queries.push(query),
            Expr::AssignExpr { lhs, .. } => vars_in(lhs, &mut names),
            _ => {}
        }
    }
    for query in queries {
        for stmt in &query.stmts {
            match &stmt.literal {
                Literal::SomeVars { vars, .. } => {
                    names.extend(vars.iter().map(|v| v.text().to_string()))
                }
                Literal::SomeIn { key, value, .. } => {
                    key.iter().for_each(|k| vars_in(k, &mut names));
                    vars_in(value, &mut names);
                }
                Literal::Every { key, value, .. } => {
                    names.extend(key.iter().map(|k| k.text().to_string()));
                    names.push(value.text().to_string());
                }
                _ => {}
            }
        }
    }
    names
}

/// The variable names in a binding pattern (`x`, `[a, b]`, `{"k": v}`).
fn vars_in(expr: &Expr, out: &mut Vec<String>) {
    match expr {
        Expr::Var { span, .. } => out.push(span.text().to_string()),
        Expr::Array { items, .. } => items.iter().for_each(|i| vars_in(i, out)),
        Expr::Object { fields, .. } => fields.iter().for_each(|(_, _, v)| vars_in(v, out)),
        _ => {}
    }
}

#[derive(Default)]
struct Walk<'a> {
    exprs: Vec<&'a Expr>,
    queries: Vec<&'a Query>,
}

impl<'a> Walk<'a> {
    fn assign(&mut self, assign: Option<&'a regorus::unstable::RuleAssign>) {
        if let Some(assign) = assign {
            self.exprs.push(&assign.value);
        }
    }

    fn query(&mut self, query: &'a Query) {
        for stmt in &query.stmts {
            for with in &stmt.with_mods {
                self.exprs.push(&with.refr);
                self.exprs.push(&with.r#as);
            }
            match &stmt.literal {
                Literal::SomeVars { .. } => {}
                Literal::SomeIn {
                    key,
                    value,
                    collection,
                    ..
                } => {
                    self.exprs.extend(key.as_deref());
                    self.exprs.push(value);
                    self.exprs.push(collection);
                }
                Literal::Expr { expr, .. } | Literal::NotExpr { expr, .. } => self.exprs.push(expr),
                Literal::Every { domain, query, .. } => {
                    self.exprs.push(domain);
                    self.queries.push(query);
                }
            }
        }
    }

    /// Drains the work lists, returning every expression reached.
    fn run(mut self) -> Vec<&'a Expr> {
        let mut seen = Vec::new();
        loop {
            if let Some(query) = self.queries.pop() {
                self.query(query);
                continue;
            }
            let Some(expr) = self.exprs.pop() else {
                return seen;
            };
            seen.push(expr);
            self.children(expr);
        }
    }

    fn children(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Array { items, .. } | Expr::Set { items, .. } => {
                self.exprs.extend(items.iter().map(|i| i.as_ref()))
            }
            Expr::Object { fields, .. } => {
                for (_, k, v) in fields {
                    self.exprs.push(k);
                    self.exprs.push(v);
                }
            }
            Expr::ArrayCompr { term, query, .. } | Expr::SetCompr { term, query, .. } => {
                self.exprs.push(term);
                self.queries.push(query);
            }
            Expr::ObjectCompr {
                key, value, query, ..
            } => {
                self.exprs.push(key);
                self.exprs.push(value);
                self.queries.push(query);
            }
            Expr::Call { fcn, params, .. } => {
                self.exprs.push(fcn);
                self.exprs.extend(params.iter().map(|p| p.as_ref()));
            }
            Expr::UnaryExpr { expr, .. } => self.exprs.push(expr),
            Expr::RefDot { refr, .. } => self.exprs.push(refr),
            Expr::RefBrack { refr, index, .. } => {
                self.exprs.push(refr);
                self.exprs.push(index);
            }
            Expr::BinExpr { lhs, rhs, .. }
            | Expr::BoolExpr { lhs, rhs, .. }
            | Expr::ArithExpr { lhs, rhs, .. }
            | Expr::AssignExpr { lhs, rhs, .. } => {
                self.exprs.push(lhs);
                self.exprs.push(rhs);
            }
            Expr::Membership {
                key,
                value,
                collection,
                ..
            } => {
                self.exprs.extend(key.as_deref());
                self.exprs.push(value);
                self.exprs.push(collection);
            }
            _ => {}
        }
    }
}
