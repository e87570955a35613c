/**
 * How the account's administrator reads in the "acting as" pickers: without the account id, which
 * every choice shares and for which a select has no room. Pure, for the pickers in the browser too.
 */
export const rootChoiceLabel = "Account administrator (root)";
