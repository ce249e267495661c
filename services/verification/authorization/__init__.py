"""The 授权核对委托书: issuers, their keys, and verification of the signed JWS."""
