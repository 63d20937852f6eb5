// Placeholder until the transformer lands (issue: "The transformer: zero manual wrapping").
export {};
