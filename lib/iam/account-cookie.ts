/** The cookie that remembers the account a person last chose in the switcher; `/` opens it. */
export const lastAccountCookie = "roleplay_account";
