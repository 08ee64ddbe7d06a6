/// The models the papers talk about and the claims about them. See README.md.
public enum Theory {}
